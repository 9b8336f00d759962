using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Integration.Api;

/// <summary><c>/reembed</c>: the embedding versions, and asking the Worker (none runs here) to build a new one.</summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class ReembedApiTests(ApiFixture api)
{
    [Fact]
    public async Task TheLiveVersionIsShownWithItsModelAndNoneIsBeingBuilt()
    {
        using var client = api.CreateClient();

        var versions = await client.ExpectAsync(HttpMethod.Get, "/reembed", HttpStatusCode.OK);

        var live = versions.GetProperty("live");
        Assert.Equal((1, "Local", "all-MiniLM-L6-v2", 384, "Live"), (
            live.GetProperty("version").GetInt32(), live.GetProperty("provider").GetString(), live.GetProperty("model").GetString(),
            live.GetProperty("dimensions").GetInt32(), live.GetProperty("state").GetString()));
        Assert.False(string.IsNullOrEmpty(live.GetProperty("table").GetString()), live.ToString());
        Assert.Equal(JsonValueKind.Null, versions.GetProperty("building").ValueKind);
        Assert.Contains(versions.GetProperty("versions").EnumerateArray(), version => version.GetProperty("version").GetInt32() == 1);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"model\":\"all-MiniLM-L6-v2\"}")]
    [InlineData("{\"provider\":\"local\"}")]
    [InlineData(null)]
    public async Task ReembeddingWithTheLiveModelNeedsForce(string? body)
    {
        using var client = api.CreateClient();

        var problem = await client.ProblemAsync(HttpMethod.Post, "/reembed", HttpStatusCode.Conflict, body);

        Assert.Equal("The live version already uses this model", problem.GetProperty("title").GetString());
        Assert.Contains("force: true", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"model\":\"no-such-model\"}", "model")]
    [InlineData("{\"provider\":\"Cloud\"}", "provider")]
    [InlineData("{\"provider\":\"1\"}", "provider")]
    [InlineData("{\"model\":\" \"}", "model")]
    [InlineData("{\"provider\":\"AzureOpenAI\"}", "model")]
    [InlineData("{\"provider\":\"AzureOpenAI\",\"model\":\"embeddings\"}", "model")]
    [InlineData("{\"force\":\"yes\"}", "force")]
    [InlineData("{\"dimensions\":256}", "dimensions")]
    public async Task ABadReembedRequestIsABadRequestNamingTheField(string body, string field)
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Post, "/reembed", body, field);
    }

    [Fact]
    public async Task AForcedReembeddingIsRecordedForTheWorkerAndASecondIsAConflictWhileItRuns()
    {
        using var client = api.CreateClient();
        int? building = null;
        try
        {
            var (status, started, response) = await client.SendAsync(HttpMethod.Post, "/reembed", "{\"force\":true}");
            using (response)
            {
                Assert.True(status == HttpStatusCode.Accepted, started.ToString());
                Assert.Equal("/reembed", response.Headers.Location?.OriginalString);
                var version = started.GetProperty("building");
                building = version.GetProperty("version").GetInt32();
                Assert.Equal(("all-MiniLM-L6-v2", "Building", 0L), (
                    version.GetProperty("model").GetString(), version.GetProperty("state").GetString(), version.GetProperty("rowsDone").GetInt64()));
                Assert.Equal(1, started.GetProperty("live").GetProperty("version").GetInt32());
            }

            var again = await client.ProblemAsync(HttpMethod.Post, "/reembed", HttpStatusCode.Conflict, "{\"force\":true}");

            Assert.Equal("A re-embedding is already running", again.GetProperty("title").GetString());
            Assert.Equal(building, (await client.ExpectAsync(HttpMethod.Get, "/reembed", HttpStatusCode.OK)).GetProperty("building").GetProperty("version").GetInt32());
        }
        finally
        {
            // No Worker will build it: failed, it leaves the fixture with no build recorded, as the other tests expect.
            if (building is { } version)
            {
                await api.Factory.Services.GetRequiredService<EmbeddingVersionStore>().FailAsync(version, "Abandoned by the test.", CancellationToken.None);
            }
        }
    }
}
