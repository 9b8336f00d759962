using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Answers.Semantic;

/// <summary>The semantic answer cache on Vector Sets, on a shared Redis of any kind (one server, a cluster).</summary>
public abstract class SemanticAnswerCacheOnSharedRedis(ISharedRedis servers) : SemanticAnswerCacheContract, IAsyncLifetime
{
    private ConnectionMultiplexer? redis;

    protected override IConnectionMultiplexer? Redis => redis;

    protected override string? SkipReason => null;

    protected override IVectorEngine Engine { get; } = new VectorSetsEngine();

    async Task IAsyncLifetime.InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await redis!.DisposeAsync();
    }
}
