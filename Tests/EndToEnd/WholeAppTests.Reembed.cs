using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;

namespace RedisAspire.Tests.EndToEnd;

/// <summary><c>POST /reembed</c> refusals, which change nothing; re-embedding itself is <see cref="SampleCorpusAppTests"/>'.</summary>
public sealed partial class WholeAppTests
{
    [Theory]
    [InlineData("{\"model\":\"no-such-model\"}", "model")]
    [InlineData("{\"provider\":\"Cloud\"}", "provider")]
    [InlineData("{\"model\":\" \"}", "model")]
    [InlineData("{\"provider\":\"AzureOpenAI\"}", "model")]
    public Task ABadReembedRequestIsA400NamingTheField(string body, string field) =>
        ProblemMessagesAsync(HttpMethod.Post, "/reembed", body, field);

    [Fact]
    public async Task ReembeddingWithTheLiveModelNeedsForce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var api = whole.App.CreateHttpClient("api");

        using var response = await api.PostAsJsonAsync("/reembed", new { }, timeout.Token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        Assert.Contains("force: true", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
