using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.ReplicaHost;

public sealed partial class Replica
{
    private HandledLog? handledLog;
    private HangingEmbeddingGenerator? embeddings;

    /// <summary>
    /// Runs what the Worker runs: an ingestion consumer handing batches to the real pipeline, which writes PostgreSQL
    /// and the Redis hot tier. Only the model is a stand-in: a deterministic one, so the test knows every chunk's text
    /// and hash, which can be made to hang. Replies once it is consuming, and again if its model call hangs; runs until
    /// the process ends.
    /// </summary>
    private async Task ConsumeWithPipelineAsync(ReplicaRequest request)
    {
        var settings = request.Pipeline!;
        var schema = new VectorIndexSchema { Name = settings.IndexName, Dimension = settings.Dimension, Quantization = VectorQuantization.NoQuantization };
        var dataSourceBuilder = new NpgsqlDataSourceBuilder(settings.PostgresConnectionString);
        dataSourceBuilder.UseVector();
        var cold = new PostgresColdTier(dataSourceBuilder.Build(), schema);
        var hot = new VectorSetsIndex(redis, schema);
        var retrieval = Options.Create(new RetrievalOptions());
        var asks = new RedisAskCounter(redis, $"asks:{settings.IndexName}");
        var retriever = new TwoTierRetriever(hot, cold, asks, retrieval, new RetrievalTelemetry(), NullLogger<TwoTierRetriever>.Instance);
        embeddings = new HangingEmbeddingGenerator(new WordHashEmbeddingGenerator(settings.Dimension), settings.HangAtEmbeddingCall,
            () => ReplyAsync(request, new { hanging = true }));
        var options = new IngestionOptions
        {
            Chunking = new ChunkingOptions { ChunkWords = settings.ChunkWords, OverlapWords = settings.OverlapWords },
            WriteBatchSize = settings.WriteBatchSize,
            EmbedBatchSize = settings.EmbedBatchSize,
        };
        var pipeline = new IngestionPipeline(
            hot, cold, embeddings, new SearchResultCache(retriever, cache, asks, schema.Name, retrieval), Options.Create(options),
            new IngestionPipelineTelemetry(), NullLogger<IngestionPipeline>.Instance);
        handledLog = new HandledLog(new PipelineIngestionHandler(pipeline));
        var queue = new IngestionQueue(redis, Options.Create(request.Queue!), new IngestionQueueTelemetry(), TimeProvider.System);
        var consumer = new IngestionConsumer(redis, new SharedConnectionSubscriptions(redis), queue, handledLog, TimeProvider.System, NullLogger<IngestionConsumer>.Instance);

        await ReplyAsync(request, new { consuming = consumer.Name });
        await consumer.RunAsync(CancellationToken.None);
    }

    /// <summary>What the pipeline consumer has been given (document and delivery count, in order) and how many texts it embedded.</summary>
    private Task ReportPipelineAsync(ReplicaRequest request) => ReplyAsync(request, new
    {
        handled = (handledLog?.Handled ?? []).Select(message => new { id = message.DocumentId, deliveries = message.Deliveries }).ToArray(),
        textsEmbedded = embeddings?.TextsEmbedded ?? 0,
    });
}
