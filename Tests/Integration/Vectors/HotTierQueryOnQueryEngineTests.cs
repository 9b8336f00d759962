using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Vectors;

/// <summary>
/// The RediSearch query a search answer shows (<see cref="HotTierQueries"/>) runs as shown on the query engine and finds
/// what the index's own search finds, whenever a Redis with it is reachable (see <see cref="QueryEngineRedisFixture"/>).
/// </summary>
[Trait("Category", "Integration")]
public sealed class HotTierQueryOnQueryEngineTests(QueryEngineRedisFixture server) : IClassFixture<QueryEngineRedisFixture>
{
    [SkippableFact]
    public async Task TheShownFtSearchRunsAsShownAndFindsWhatTheIndexFinds()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var schema = new VectorIndexSchema { Name = $"t{Guid.NewGuid():N}", KeyPrefix = $"doc{Guid.NewGuid():N}:", Dimension = 4 };
        var index = new RediSearchIndex(server.Redis!, schema);
        try
        {
            await index.EnsureCreatedAsync(CancellationToken.None);
            var hostile = "en\" | @tenant:{other}";
            await Add(index, "1", [1, 0, 0, 0], "harbor-bistro", hostile);
            await Add(index, "2", [0.9f, 0.1f, 0, 0], "harbor-bistro", hostile);
            await Add(index, "3", [0.95f, 0.05f, 0, 0], "harbor-bistro", "en");
            await Add(index, "4", [0.99f, 0.01f, 0, 0], "other", hostile);
            var query = new KnnQuery { Vector = [1, 0, 0, 0], K = 3, Filter = new VectorFilter { Tenant = "harbor-bistro", Language = hostile } };

            var found = await index.SearchAsync(query, CancellationToken.None);
            var shown = HotTierQueries.Render(schema, query)!.RediSearch!;
            object[] arguments = [.. shown.Command.Skip(1).Select(argument => argument == "<vector: 16 bytes>" ? (object)VectorEncoding.ToFloat32Bytes(query.Vector) : argument)];
            var reply = (RedisResult[])(await server.Redis!.GetDatabase().ExecuteAsync(shown.Command[0], arguments))!;

            Assert.Equal(["1", "2"], found.Hits.Select(hit => hit.Id));
            Assert.Equal(2, (long)reply[0]);
            Assert.Equal(found.Hits.Select(hit => index.KeyPrefix("v1") + hit.Id), reply.Skip(1).Where((_, position) => position % 2 == 0).Select(key => key.ToString()));
            Assert.Contains(@"@language:{en\""\ \|\ \@tenant\:\{other\}}", shown.Query, StringComparison.Ordinal);
        }
        finally
        {
            await RediSearchIndexTests.DropAsync(server.Redis!, index);
        }
    }

    private static Task Add(RediSearchIndex index, string id, float[] vector, string tenant, string language) =>
        index.UpsertAsync(
            new VectorDocument(
                id,
                vector,
                new Dictionary<string, string> { ["tenant"] = tenant, ["language"] = language },
                new Dictionary<string, double> { ["updated_at"] = 1714600000 },
                new Dictionary<string, string> { ["title"] = $"Document {id}" }),
            CancellationToken.None);
}
