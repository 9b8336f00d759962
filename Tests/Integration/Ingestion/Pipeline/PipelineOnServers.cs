using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Benchmarks.Ingestion;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Retrieval;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Ingestion.Pipeline;

/// <summary>
/// The ingestion pipeline over both tiers on the real servers, under names of the test's own: a Vector Sets hot index,
/// a PostgreSQL schema, a result cache with cached search results, and a deterministic embedding generator.
/// </summary>
public abstract class PipelineOnServers(LocalServersFixture servers) : IAsyncLifetime
{
    /// <summary>Small chunks, so the sample corpus's documents (70 to 150 words) have several each.</summary>
    protected static readonly ChunkingOptions SmallChunks = new() { ChunkWords = 24, OverlapWords = 4 };

    private readonly string asksKey = $"asks{Guid.NewGuid():N}";

    protected VectorIndexSchema Schema { get; } = new()
    {
        Name = $"ingest{Guid.NewGuid():N}",
        Dimension = WordHashEmbeddingGenerator.DefaultDimensions,
        Quantization = VectorQuantization.NoQuantization,
    };

    protected ConnectionMultiplexer Redis { get; private set; } = null!;

    private protected VectorSetsIndex Hot { get; private set; } = null!;

    private protected PostgresColdTier Cold { get; private set; } = null!;

    protected ResultCache Cache { get; private set; } = null!;

    protected SearchResultCache Results { get; private set; } = null!;

    private protected WordHashEmbeddingGenerator Embeddings { get; } = new();

    private protected IngestionPipelineTelemetry Telemetry { get; } = new();

    private protected IsolatedPostgresSchema Database { get; private set; } = null!;

    private RetrievalTelemetry RetrievalTelemetry { get; } = new();

    public async Task InitializeAsync()
    {
        Redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        Database = await IsolatedPostgresSchema.CreateAsync(servers.PostgresConnectionString);
        Hot = new VectorSetsIndex(Redis, Schema);
        Cold = await Database.MigratedTierAsync(Schema);
        Cache = TestCaches.Create(Redis, TestCaches.NewPrefix());
        var retrieval = new RetrievalOptions { ResultTimeToLive = TimeSpan.FromMinutes(5) };
        var asks = new RedisAskCounter(Redis, asksKey);
        var retriever = new TwoTierRetriever(Hot, Cold, asks, Options.Create(retrieval), RetrievalTelemetry, NullLogger<TwoTierRetriever>.Instance);
        Results = new SearchResultCache(retriever, Cache, asks, Schema.Name, Options.Create(retrieval));
    }

    public async Task DisposeAsync()
    {
        // SCAN asynchronously: a synchronous Keys() holds a pool thread until Redis answers, and the answer needs one.
        var server = Redis.GetServers()[0];
        var keys = new List<RedisKey>();
        foreach (var pattern in new[] { $"{asksKey}*", $"*{Schema.Name}*" })
        {
            await foreach (var key in server.KeysAsync(pattern: pattern))
            {
                keys.Add(key);
            }
        }

        await Redis.GetDatabase().KeyDeleteAsync([.. keys]);
        Cache.Dispose();
        Telemetry.Dispose();
        RetrievalTelemetry.Dispose();
        await Redis.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>A pipeline over these tiers with small chunks, <paramref name="configure"/>d, embedding with <paramref name="embeddings"/> or the test generator.</summary>
    private protected IngestionPipeline Pipeline(Action<IngestionOptions>? configure = null, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null, IVectorIndex? hot = null)
    {
        var options = new IngestionOptions { Chunking = new ChunkingOptions { ChunkWords = SmallChunks.ChunkWords, OverlapWords = SmallChunks.OverlapWords } };
        configure?.Invoke(options);
        return new IngestionPipeline(
            hot ?? Hot, Cold, embeddings ?? Embeddings, Results, Options.Create(options), Telemetry, NullLogger<IngestionPipeline>.Instance);
    }

    /// <summary>A staged import through <see cref="Pipeline"/> with <paramref name="configure"/>d settings, within <paramref name="bounds"/>.</summary>
    private protected StagedImport Import(Action<IngestionOptions>? configure = null, StagedImportOptions? bounds = null) => new(Pipeline(configure), bounds);

    /// <summary>The first <paramref name="perTenant"/> English documents of each tenant of the sample corpus.</summary>
    protected static IReadOnlyList<SourceDocument> Corpus(int perTenant = 3) =>
        [.. SampleCorpus.Load().Where(document => document.Language == "en").GroupBy(document => document.Tenant).SelectMany(tenant => tenant.Take(perTenant))];

    /// <summary>The chunks <see cref="SmallChunks"/> cut <paramref name="document"/> into.</summary>
    private protected static IReadOnlyList<DocumentChunk> ChunksOf(SourceDocument document) => new DocumentChunker(SmallChunks).Chunk(document);

    protected static async IAsyncEnumerable<SourceDocument> Stream(IEnumerable<SourceDocument> documents)
    {
        foreach (var document in documents)
        {
            await Task.Yield();
            yield return document;
        }
    }

    /// <summary>Every row: its id, document, tenant, content hash and PostgreSQL row version (a rewrite changes it).</summary>
    protected async Task<IReadOnlyList<string>> RowsAsync()
    {
        await using var command = Database.NewDataSource().CreateCommand(
            "SELECT id || ' ' || document_id || ' ' || tenant || ' ' || content_hash || ' ' || xmin::text FROM documents ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>Loads the rows with these ids from PostgreSQL into the hot tier, as a hot-set refresh would.</summary>
    protected async Task LoadHotAsync(IEnumerable<string> ids)
    {
        foreach (var document in await Cold.ReadForHotTierAsync([.. ids], CancellationToken.None))
        {
            await Hot.UpsertAsync(document, CancellationToken.None);
        }
    }
}
