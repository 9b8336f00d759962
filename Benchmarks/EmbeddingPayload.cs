using System.ComponentModel;
using System.Text.Json;

namespace RedisAspire.Benchmarks;

/// <summary>
/// The value every arm of the payload group reads: an embedding-shaped record with its provenance, about 2.2 KB as JSON
/// (two decimals per component; the embedding cache's own values are <see cref="EmbeddingEntry"/>). Sealed and marked
/// immutable so that HybridCache, like FusionCache and RedisAspire, may hand out its in-process copy instead of
/// deserializing one per hit.
/// </summary>
[ImmutableObject(true)]
public sealed record EmbeddingPayload(string Model, string TextHash, int Dimensions, DateTimeOffset CreatedAt, float[] Vector)
{
    public const int VectorLength = 384;

    /// <summary>The one serializer configuration every arm uses: System.Text.Json with web defaults, as RedisAspire's default.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The same value on every run: a fixed seed, two decimals per component (like a quantised embedding as JSON).</summary>
    public static EmbeddingPayload Create()
    {
        var random = new Random(384);
        var vector = new float[VectorLength];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = MathF.Round((float)((random.NextDouble() * 2) - 1), 2);
        }

        return new EmbeddingPayload(
            "all-minilm-l6-v2", "3f79bb7b435b05321651daefd374cd21", VectorLength,
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), vector);
    }
}
