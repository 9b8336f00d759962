using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Ingestion.Queue;

/// <summary>Queues and consumers built by hand, each test on a key prefix and group of its own.</summary>
internal static class TestQueues
{
    /// <summary>Settings under a new prefix and group; claims after 100 ms so that retries and takeovers come quickly.</summary>
    public static IngestionQueueOptions NewOptions(Action<IngestionQueueOptions>? configure = null)
    {
        var options = new IngestionQueueOptions
        {
            KeyPrefix = $"t{Guid.NewGuid():N}"[..16],
            Group = $"g{Guid.NewGuid():N}"[..12],
            ConsumerName = "first",
            ClaimIdle = TimeSpan.FromMilliseconds(100),
            IdleWait = TimeSpan.FromMilliseconds(100),
        };
        configure?.Invoke(options);
        return options;
    }

    public static IngestionQueue Queue(IConnectionMultiplexer redis, IngestionQueueOptions options) =>
        new(redis, Options.Create(options), new IngestionQueueTelemetry(), TimeProvider.System);

    /// <summary>A consumer named <paramref name="name"/> on the same keys and group as <paramref name="options"/>.</summary>
    public static IngestionConsumer Consumer(IConnectionMultiplexer redis, IngestionQueueOptions options, IIngestionHandler handler, string? name = null, Action<IngestionQueueOptions>? configure = null)
    {
        var own = Copy(options);
        own.ConsumerName = name ?? options.ConsumerName;
        configure?.Invoke(own);
        return new IngestionConsumer(redis, new SharedConnectionSubscriptions(redis), Queue(redis, own), handler, TimeProvider.System, NullLogger<IngestionConsumer>.Instance);
    }

    public static IngestionQueueOptions Copy(IngestionQueueOptions options) => new()
    {
        KeyPrefix = options.KeyPrefix,
        Group = options.Group,
        ConsumerName = options.ConsumerName,
        MaxLength = options.MaxLength,
        DeadLetterMaxLength = options.DeadLetterMaxLength,
        MaxDeliveries = options.MaxDeliveries,
        ClaimIdle = options.ClaimIdle,
        BatchSize = options.BatchSize,
        MaxDocumentsInFlight = options.MaxDocumentsInFlight,
        IdleWait = options.IdleWait,
        OperationTimeToLive = options.OperationTimeToLive,
        MaxBatchDocuments = options.MaxBatchDocuments,
        MaxEntryBytes = options.MaxEntryBytes,
        MaxBatchBytes = options.MaxBatchBytes,
        IdleConsumerTimeout = options.IdleConsumerTimeout,
        InteractiveMaxDocuments = options.InteractiveMaxDocuments,
    };

    public static SourceDocument Document(string id, string tenant = "harbor-bistro") => new()
    {
        Id = id,
        Tenant = tenant,
        Language = "en",
        Title = $"Title of {id}",
        Body = $"The body of {id}: crème brûlée, Grüße, 東京.",
        UpdatedAt = new DateTimeOffset(2025, 6, 1, 8, 15, 0, TimeSpan.Zero),
        Metadata = """{"category":"menu"}""",
    };

    /// <summary>Deletes every key under the options' prefix (they share one hash tag, so one slot, on one node of a cluster).</summary>
    public static async Task DeleteKeysAsync(IConnectionMultiplexer redis, IngestionQueueOptions options)
    {
        var server = redis.GetServer(new RedisKey($"{{{options.KeyPrefix}}}"));
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: $"{{{options.KeyPrefix}}}*"))
        {
            keys.Add(key);
        }

        if (keys.Count > 0)
        {
            await redis.GetDatabase().KeyDeleteAsync([.. keys]);
        }
    }

    /// <summary>Runs steps until <paramref name="done"/> holds or the deadline passes (then fails with <paramref name="what"/>).</summary>
    public static async Task<List<IngestionBatchResult>> StepUntilAsync(IngestionConsumer consumer, Func<Task<bool>> done, string what, TimeSpan? deadline = null)
    {
        var results = new List<IngestionBatchResult>();
        await Infrastructure.Eventually.HoldsAsync(async () =>
        {
            if (await done())
            {
                return true;
            }

            results.Add(await consumer.ProcessOnceAsync(CancellationToken.None));
            return await done();
        }, deadline ?? TimeSpan.FromSeconds(15), what);
        return results;
    }
}
