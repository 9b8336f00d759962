using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>A search answer's <c>hotQuery</c>: the hot tier's query in both engines' syntax, the one the Api's engine runs included.</summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class SearchHotQueryApiTests(ApiFixture api)
{
    [Fact]
    public async Task TheHotQueryShownForTheApisEngineIsTheCommandItRanAndFindsTheSameDocuments()
    {
        using var client = api.CreateClient();
        var tenant = NewTenant();
        await api.WriteAsync(
        [
            LiveTiers.Chunk($"near-{tenant}", tenant, api.AtDistance(0.1)),
            LiveTiers.Chunk($"far-{tenant}", tenant, api.AtDistance(0.4, towards: 2)),
            LiveTiers.Chunk($"german-{tenant}", tenant, api.AtDistance(0.05, towards: 3), language: "de"),
        ]);

        var answer = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new
        {
            vector = api.AtDistance(0), k = 2, tier = "hot", filters = new { tenant, language = "en" },
        });

        string[] found = [.. answer.GetProperty("hits").EnumerateArray().Select(hit => hit.GetProperty("id").GetString()!)];
        Assert.Equal([$"near-{tenant}#0", $"far-{tenant}#0"], found);
        var query = answer.GetProperty("hotQuery");
        var engine = api.Space().Hot.Engine;
        if (engine == VectorSetsEngine.EngineName)
        {
            var reply = await RunAsync(query.GetProperty("vectorSets").GetProperty("command"), api.AtDistance(0));
            string[] ids = [.. ((RedisResult[])reply!).Where((_, index) => index % 2 == 0).Select(id => id.ToString())];
            Assert.Equal(found, ids);
        }
        else
        {
            Assert.Equal(RediSearchEngine.EngineName, engine);
            var reply = (RedisResult[])(await RunAsync(query.GetProperty("rediSearch").GetProperty("command"), api.AtDistance(0)))!;
            Assert.Equal(found.Length, (long)reply[0]);
        }
    }

    [Fact]
    public async Task BothEnginesQueriesAreShownWithTheFilterValuesEscapedAndQuotedAsSent()
    {
        using var client = api.CreateClient();
        var tenant = NewTenant();
        var language = "en\" or .tenant == \"x";

        var answer = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new
        {
            vector = api.AtDistance(0), k = 4, tier = "cold", filters = new { tenant, language },
        });

        var query = answer.GetProperty("hotQuery");
        var rediSearch = query.GetProperty("rediSearch");
        var escapedTenant = tenant.Replace("-", "\\-", StringComparison.Ordinal);
        Assert.Equal(
            $"(@tenant:{{{escapedTenant}}} @language:{{en\\\"\\ or\\ \\.tenant\\ \\=\\=\\ \\\"x}})=>[KNN 4 @embedding $vec EF_RUNTIME $ef AS score]",
            rediSearch.GetProperty("query").GetString());
        Assert.Equal(["vec", "ef"], rediSearch.GetProperty("parameters").EnumerateArray().Select(name => name.GetString()));
        Assert.Equal(("FT.SEARCH", "embeddings"), (rediSearch.GetProperty("command")[0].GetString(), rediSearch.GetProperty("index").GetString()));
        var vectorSets = query.GetProperty("vectorSets");
        Assert.Equal(".language == 'en\" or .tenant == \"x'", vectorSets.GetProperty("filter").GetString());
        Assert.Equal(("VSIM", $"{{embeddings:{tenant}}}"), (vectorSets.GetProperty("command")[0].GetString(), vectorSets.GetProperty("key").GetString()));
        Assert.Contains($"<vector: {api.Dimension() * 4} bytes>", vectorSets.GetProperty("command").EnumerateArray().Select(argument => argument.GetString()));
        Assert.Contains($"<vector: {api.Dimension() * 4} bytes>", rediSearch.GetProperty("command").EnumerateArray().Select(argument => argument.GetString()));
    }

    [Fact]
    public async Task AnAnswerFromTheResultCacheShowsTheSameHotQuery()
    {
        using var client = api.CreateClient();
        var search = new { text = $"Is there a ferry on Sundays? {Guid.NewGuid():N}", k = 3, filters = new { tenant = NewTenant() } };

        var first = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, search);
        var again = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, search);

        Assert.Contains(again.GetProperty("result").GetString(), new[] { "Hit", "L1Hit" });
        Assert.Equal(first.GetProperty("hotQuery").ToString(), again.GetProperty("hotQuery").ToString());
        Assert.Equal(JsonValueKind.Object, first.GetProperty("hotQuery").GetProperty("vectorSets").ValueKind);
    }

    // The command as shown, its vector placeholder replaced by the vector itself, sent to the Api's Redis.
    private async Task<RedisResult> RunAsync(JsonElement command, float[] vector)
    {
        var arguments = new List<object>();
        foreach (var argument in command.EnumerateArray().Skip(1).Select(item => item.GetString()!))
        {
            if (argument == $"<vector: {vector.Length * 4} bytes>")
            {
                arguments.Add(VectorEncoding.ToFloat32Bytes(vector));
            }
            else
            {
                arguments.Add(argument);
            }
        }

        var redis = api.Factory.Services.GetRequiredService<IConnectionMultiplexer>();
        return await redis.GetDatabase().ExecuteAsync(command[0].GetString()!, arguments);
    }

    private static string NewTenant() => $"harbor-{Guid.NewGuid():N}";
}
