using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Answers;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// The ingestion pipeline of the live embedding version: documents are embedded with the live model and written to its
/// tiers; when another version goes live, the next batch uses that one's. With <paramref name="answers"/>, each write
/// drops the cached answers written from the documents it changed.
/// </summary>
internal sealed class IngestionPipelines(
    EmbeddingSpaces spaces,
    IOptions<IngestionOptions> options,
    IngestionPipelineTelemetry telemetry,
    ILogger<IngestionPipeline> logger,
    TimeProvider time,
    AnswerInvalidator? answers = null)
{
    private readonly ConditionalWeakTable<EmbeddingSpace, IngestionPipeline> pipelines = [];

    /// <summary>The live version's pipeline.</summary>
    public IngestionPipeline Current
    {
        get
        {
            var space = spaces.Live;
            return pipelines.GetValue(space, live => new IngestionPipeline(
                live.Hot, live.Cold, live.Embeddings, live.SearchResultCache, options, telemetry, logger, time, answers));
        }
    }

    /// <summary>Reads which version is live; whether it changed (then <see cref="Current"/> is another pipeline).</summary>
    public Task<bool> RefreshAsync(CancellationToken cancellationToken) => spaces.RefreshAsync(cancellationToken);
}
