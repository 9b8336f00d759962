namespace RedisAspire.Benchmarks.Replay;

/// <summary>
/// Draws popularity ranks 1..N with probability proportional to rank^-s (Zipf's law), by binary search in the
/// cumulative distribution.
/// </summary>
internal sealed class ZipfSampler
{
    private readonly double[] cumulative;

    public ZipfSampler(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exponent);
        Exponent = exponent;
        cumulative = new double[count];
        var sum = 0.0;
        for (var rank = 1; rank <= count; rank++)
        {
            sum += Math.Pow(rank, -exponent);
            cumulative[rank - 1] = sum;
        }

        for (var index = 0; index < count; index++)
        {
            cumulative[index] /= sum;
        }
    }

    public double Exponent { get; }

    /// <summary>The probability that a draw falls on one of the <paramref name="top"/> most popular ranks.</summary>
    public double MassOfTop(int top) => top <= 0 ? 0 : cumulative[Math.Min(top, cumulative.Length) - 1];

    /// <summary>A rank, 0 for the most popular.</summary>
    public int Next(Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }
}
