using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>
/// The first hot set of a fresh app, loaded by itself once documents are ingested, on the real servers: the tiers, the
/// ingestion queue and its consumer wired as the Worker wires them, under names of the test's own.
/// </summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class HotSetColdStartTests(LocalServersFixture servers) : IAsyncLifetime
{
    private readonly string indexName = $"coldstart{Guid.NewGuid():N}"[..22];
    private readonly string queuePrefix = $"q{Guid.NewGuid():N}"[..16];
    private ConnectionMultiplexer redis = null!;
    private IsolatedPostgresSchema database = null!;

    public async Task InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        database = await IsolatedPostgresSchema.CreateAsync(servers.PostgresConnectionString);
    }

    public async Task DisposeAsync()
    {
        var server = redis.GetServers()[0];
        await redis.GetDatabase().KeyDeleteAsync([.. server.Keys(pattern: $"*{indexName}*"), .. server.Keys(pattern: $"*{queuePrefix}*")]);
        await redis.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task AnEmptyHotTierFillsByItselfOnceTheFirstDocumentsAreIngestedThroughTheQueue()
    {
        using var host = Build(withColdStart: true);
        await host.StartAsync();
        var space = host.Services.GetRequiredService<EmbeddingSpaces>().Live;
        var queue = host.Services.GetRequiredService<IngestionQueue>();
        Assert.Equal(0, await space.Hot.CountAsync(CancellationToken.None));

        await queue.EnqueueBatchAsync([.. Documents(6).Select(IngestionMessage.Upsert)], CancellationToken.None);

        await Eventually.HoldsAsync(
            async () => await space.Hot.CountAsync(CancellationToken.None) == 6, TimeSpan.FromSeconds(90), "the hot tier holds the ingested documents");
        var coldStart = host.Services.GetServices<IHostedService>().OfType<HotSetColdStart>().Single();
        Assert.False(coldStart.ExecuteTask!.IsCompleted, "it keeps watching, for a hot tier that loses its documents");
        var refresh = await space.HotSet.ReadStatusAsync(CancellationToken.None);
        Assert.Equal((VectorRebuildState.Completed, 6, 0), (refresh!.State, refresh.Planned, refresh.FromAsks));
        Assert.Equal((0L, 0L), ((await queue.DepthAsync(CancellationToken.None)).Length, (await queue.DepthAsync(CancellationToken.None)).Pending));
        await host.StopAsync();
    }

    [Fact]
    public async Task AHotTierThatHoldsDocumentsIsLeftAlone()
    {
        using var host = Build(withColdStart: false);
        await host.StartAsync();
        var space = host.Services.GetRequiredService<EmbeddingSpaces>().Live;
        await IngestAsync(host, Documents(4));
        var first = await space.HotSet.RefreshAsync(CancellationToken.None);
        await IngestAsync(host, Documents(6));

        var done = await ColdStart(host).CheckAsync(CancellationToken.None);

        Assert.True(done, "the hot tier holds documents");
        Assert.Equal(first.StartedAt.ToUnixTimeMilliseconds(), (await space.HotSet.ReadStatusAsync(CancellationToken.None))!.StartedAt.ToUnixTimeMilliseconds());
        Assert.Equal(4, await space.Hot.CountAsync(CancellationToken.None));
        await host.StopAsync();
    }

    [Fact]
    public async Task AHotTierThatLostItsDocumentsIsLoadedAgain()
    {
        using var host = Build(withColdStart: false);
        await host.StartAsync();
        var space = host.Services.GetRequiredService<EmbeddingSpaces>().Live;
        await IngestAsync(host, Documents(4));
        await space.HotSet.RefreshAsync(CancellationToken.None);
        var coldStart = ColdStart(host);
        Assert.True(await coldStart.CheckAsync(CancellationToken.None), "the hot tier holds documents");

        // As when Redis comes back without its data.
        await space.Hot.DropAsync(CancellationToken.None);
        Assert.False(await coldStart.CheckAsync(CancellationToken.None), "the count is noted first");
        Assert.True(await coldStart.CheckAsync(CancellationToken.None), "then the hot set is loaded again");

        Assert.Equal(4, await space.Hot.CountAsync(CancellationToken.None));
        await host.StopAsync();
    }

    [Fact]
    public async Task ARefreshAlreadyRunningIsLeftToFillTheHotTierAndNoneIsStartedBesideIt()
    {
        using var host = Build(withColdStart: false);
        await host.StartAsync();
        var space = host.Services.GetRequiredService<EmbeddingSpaces>().Live;
        await IngestAsync(host, Documents(3));
        var coldStart = ColdStart(host);

        // PostgreSQL must hold the same count at two checks in a row: the first check only notes it.
        Assert.False(await coldStart.CheckAsync(CancellationToken.None), "the count is not settled yet");

        // Another replica's refresh runs.
        var database = redis.GetDatabase();
        await database.StringSetAsync(space.HotSet.LockKey, "another replica", TimeSpan.FromMinutes(1));
        await database.HashSetAsync(space.HotSet.StatusKey, [new("state", "Running"), new("planned", 3), new("started", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]);
        Assert.False(await coldStart.CheckAsync(CancellationToken.None), "it waits for the running refresh");
        Assert.Equal((VectorRebuildState.Running, 3), ((await space.HotSet.ReadStatusAsync(CancellationToken.None))!.State, (await space.HotSet.ReadStatusAsync(CancellationToken.None))!.Planned));

        // That replica ended without loading anything: the hot tier is still empty, and the cold start loads it.
        await database.KeyDeleteAsync(space.HotSet.LockKey);
        Assert.True(await coldStart.CheckAsync(CancellationToken.None), "it loads the hot set");
        Assert.Equal(3, await space.Hot.CountAsync(CancellationToken.None));
        await host.StopAsync();
    }

    /// <summary>Single-chunk documents of two tenants, a day apart.</summary>
    private static List<SourceDocument> Documents(int count) =>
    [
        .. Enumerable.Range(0, count).Select(index => new SourceDocument
        {
            Id = $"cold-start-{index}",
            Tenant = index % 2 == 0 ? "tidewater" : "beancraft",
            Language = "en",
            Title = $"Notice {index}",
            Body = $"Notice number {index}: the kitchen closes at {10 + index} tonight for cleaning.",
            UpdatedAt = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero).AddDays(index),
        }),
    ];

    private static async Task IngestAsync(IHost host, IEnumerable<SourceDocument> documents)
    {
        var outcomes = await host.Services.GetRequiredService<IIngestionHandler>().HandleAsync([.. documents.Select(IngestionMessage.Upsert)], CancellationToken.None);
        Assert.All(outcomes, outcome => Assert.True(outcome.Succeeded, outcome.Error));
    }

    private static HotSetColdStart ColdStart(IHost host) => new(
        host.Services.GetRequiredService<EmbeddingSpaces>(),
        host.Services.GetRequiredService<IngestionQueue>(),
        host.Services.GetRequiredService<IOptions<HotSetOptions>>(),
        TimeProvider.System,
        NullLogger<HotSetColdStart>.Instance);

    /// <summary>The Worker's services over the test's names: both tiers, the pipeline, the queue and its consumer, and the cold start when asked.</summary>
    private IHost Build(bool withColdStart)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Embeddings:Local:Model"] = LocalEmbeddingModels.MiniLM,
            ["Vectors:IndexName"] = indexName,
            ["Vectors:KeyPrefix"] = $"{indexName}:",
            ["ResultCache:KeyPrefix"] = TestCaches.NewPrefix(),
            ["HotSet:Size"] = "20",
            ["HotSet:Schedule"] = "off",
            ["HotSet:ColdStartInterval"] = "00:00:00.200",
            ["Ingestion:Queue:KeyPrefix"] = queuePrefix,
            ["Ingestion:Queue:Group"] = queuePrefix,
            ["Ingestion:Queue:ConsumerName"] = "first",
            ["Ingestion:Queue:IdleWait"] = "00:00:00.100",
        });
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
        builder.Services.AddSingleton(database.NewDataSource());
        builder.Services.AddResultCache();
        builder.AddRetrievalTiers();
        builder.AddIngestionPipeline();
        builder.Services.AddIngestionQueue();
        builder.Services.AddHostedService<QueueConsumer>();
        if (withColdStart)
        {
            builder.Services.AddHostedService<HotSetColdStart>();
        }

        return builder.Build();
    }

    /// <summary>The queue's consumer, run as the Worker runs it.</summary>
    private sealed class QueueConsumer(IServiceProvider services) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
            services.GetRequiredService<IngestionConsumer>().RunAsync(stoppingToken);
    }
}
