using System.Numerics.Tensors;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Benchmarks.Vectors;

/// <summary>
/// The exact answer and the floor to beat: every document's cosine (a dot product, the vectors being unit length)
/// with SIMD through TensorPrimitives, over one contiguous array, filter checked first.
/// </summary>
internal sealed class BruteForce
{
    private readonly float[] matrix;
    private readonly DocumentFields[] fields;
    private readonly int dimensions;

    public BruteForce(VectorCorpus corpus, int count)
    {
        dimensions = corpus.Vectors[0].Length;
        matrix = new float[count * dimensions];
        for (var index = 0; index < count; index++)
        {
            corpus.Vectors[index].CopyTo(matrix, index * dimensions);
        }

        fields = corpus.Fields[..count];
        Count = count;
    }

    public int Count { get; }

    /// <summary>The indexes of the <paramref name="k"/> closest documents that pass <paramref name="filter"/>, closest first.</summary>
    public int[] Search(float[] query, int k, VectorFilter filter)
    {
        var tenant = filter.Tenant is null ? -1 : Array.FindIndex(VectorCorpus.Tenants, tenant => tenant.Name == filter.Tenant);
        var language = filter.Language is null ? -1 : Array.FindIndex(VectorCorpus.Languages, language => language.Name == filter.Language);
        var after = filter.UpdatedAfter?.ToUnixTimeSeconds() ?? long.MinValue;

        Span<int> best = stackalloc int[k];
        Span<float> scores = stackalloc float[k];
        var found = 0;
        ReadOnlySpan<float> all = matrix;
        for (var index = 0; index < Count; index++)
        {
            var document = fields[index];
            if ((tenant >= 0 && document.Tenant != tenant) || (language >= 0 && document.Language != language) || document.UpdatedAt < after)
            {
                continue;
            }

            var score = TensorPrimitives.Dot(query, all.Slice(index * dimensions, dimensions));
            if (found == k && score <= scores[k - 1])
            {
                continue;
            }

            var position = found < k ? found++ : k - 1;
            while (position > 0 && scores[position - 1] < score)
            {
                scores[position] = scores[position - 1];
                best[position] = best[position - 1];
                position--;
            }

            scores[position] = score;
            best[position] = index;
        }

        return best[..found].ToArray();
    }

    /// <summary>The share of documents that pass <paramref name="filter"/>.</summary>
    public double Selectivity(VectorCorpus corpus, VectorFilter filter) =>
        (double)Enumerable.Range(0, Count).Count(index => corpus.Passes(index, filter)) / Count;
}
