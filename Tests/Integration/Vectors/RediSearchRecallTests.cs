using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Vectors;

/// <summary>Recall on the query engine, whenever one is reachable (see <see cref="QueryEngineRedisFixture"/>).</summary>
[Trait("Category", "Integration")]
public sealed class RediSearchRecallTests(QueryEngineRedisFixture server, ITestOutputHelper output)
    : RecallContract(output), IClassFixture<QueryEngineRedisFixture>
{
    protected override IConnectionMultiplexer? Redis => server.Redis;

    protected override string? SkipReason => server.SkipReason;

    protected override IVectorIndex Create(IConnectionMultiplexer redis, VectorIndexSchema schema) => new RediSearchIndex(redis, schema);

    protected override Task DeleteAsync(IConnectionMultiplexer redis, IVectorIndex index) => RediSearchIndexTests.DropAsync(redis, index);
}
