using System.Buffers;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The last <see cref="Capacity"/> latencies of one tier, for percentiles over recent searches: recording overwrites
/// the oldest in a fixed ring (no allocation), and only reading the percentiles copies and sorts, in a rented buffer.
/// </summary>
public sealed class LatencyWindow
{
    private readonly Lock gate = new();
    private readonly double[] milliseconds;
    private long recorded;

    /// <summary>A window of the last <paramref name="capacity"/> latencies.</summary>
    public LatencyWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        milliseconds = new double[capacity];
    }

    /// <summary>How many latencies the window keeps.</summary>
    public int Capacity => milliseconds.Length;

    /// <summary>Adds one latency, dropping the oldest when the window is full.</summary>
    public void Record(TimeSpan elapsed)
    {
        lock (gate)
        {
            milliseconds[(int)(recorded % milliseconds.Length)] = elapsed.TotalMilliseconds;
            recorded++;
        }
    }

    /// <summary>The 50th, 95th and 99th percentiles (nearest rank) of the latencies in the window; no values when it is empty.</summary>
    public LatencyPercentiles Percentiles()
    {
        var buffer = ArrayPool<double>.Shared.Rent(milliseconds.Length);
        try
        {
            int count;
            lock (gate)
            {
                count = (int)Math.Min(recorded, milliseconds.Length);
                Array.Copy(milliseconds, buffer, count);
            }

            if (count == 0)
            {
                return new LatencyPercentiles(0, null, null, null);
            }

            var samples = buffer.AsSpan(0, count);
            samples.Sort();
            return new LatencyPercentiles(count, Rank(samples, 0.50), Rank(samples, 0.95), Rank(samples, 0.99));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    // Nearest rank: the smallest value at or below which at least the share p of the samples lie.
    private static double Rank(ReadOnlySpan<double> sorted, double p) => sorted[Math.Max(1, (int)Math.Ceiling(p * sorted.Length)) - 1];
}
