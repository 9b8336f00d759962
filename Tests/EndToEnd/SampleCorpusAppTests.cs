using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>A whole app of its own whose Worker queues the sample corpus at its first start, as it does by default.</summary>
public sealed class SampleCorpusAppFixture : WholeAppFixture
{
    protected override bool SeedsSampleCorpus => true;
}

/// <summary>
/// What the sample corpus and model switches do to a whole app: in an app of their own, so that a switch of the live
/// model, and the minutes of model work it takes, are nothing the other whole-app tests see.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SampleCorpusAppTests(SampleCorpusAppFixture whole) : IClassFixture<SampleCorpusAppFixture>
{
    private const string MiniLM = "all-MiniLM-L6-v2";
    private const string ArcticXs = "snowflake-arctic-embed-xs";
    private static readonly TimeSpan ReembedDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task TheSampleCorpusIsIngestedOnTheFirstStart()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var api = await whole.CreateApiClientAsync(["harbor-bistro"], timeout.Token);
        // Whichever model is live (the other test here switches them), the oysters are among the three nearest.
        var search = new { text = "oysters with mignonette", k = 3, filters = new { tenant = "harbor-bistro", language = "en" }, tier = "cold" };

        await Eventually.HoldsAsync(
            async () => await WholeAppTests.PausedAsync(timeout.Token) && (await WholeAppTests.PostAsync(api, "/search", search, timeout.Token)).GetProperty("hits").EnumerateArray()
                .Any(hit => hit.GetProperty("id").GetString()!.StartsWith("menu-oysters-half-dozen#", StringComparison.Ordinal)),
            WholeAppTests.IngestionDeadline,
            "the sample corpus's oysters are found");
    }

    /// <summary>
    /// The Api asks the Worker to re-embed the sample corpus with another model while searches run: no search fails or
    /// comes back empty, and searches move from one model to the other. The app is this class's own, so nothing needs
    /// switching back for other tests.
    /// </summary>
    [Fact]
    public async Task ReembeddingWhileSearchesRunSwitchesModelsWithoutAFailedOrEmptySearch()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        using var api = await whole.CreateApiClientAsync(["harbor-bistro"], timeout.Token);
        var search = new { text = "Do you serve oysters?", k = 3, filters = new { tenant = "harbor-bistro", language = "en" } };
        await Eventually.HoldsAsync(
            async () => await WholeAppTests.PausedAsync(timeout.Token) && (await WholeAppTests.PostAsync(api, "/search", search, timeout.Token)).GetProperty("hits").GetArrayLength() == 3,
            WholeAppTests.IngestionDeadline, "the sample corpus is searchable");
        Assert.Equal(MiniLM, await LiveModelAsync(api, timeout.Token));

        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var answeredBy = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var searches = Task.Run(() => SearchUntilAsync(api, search, failures, answeredBy, stop.Token));
        await Eventually.HoldsAsync(
            () => Task.FromResult(answeredBy.GetValueOrDefault(MiniLM) >= 1), ReembedDeadline, "searches run on the configured model");

        var building = await ReembedAsync(api, ArcticXs, timeout.Token);
        using (var again = await api.PostAsJsonAsync("/reembed", new { model = ArcticXs }, timeout.Token))
        {
            // One build at a time: unless the first one already finished, the second is refused and says why.
            var body = await again.Content.ReadAsStringAsync(timeout.Token);
            Assert.True(again.StatusCode == HttpStatusCode.Conflict, body);
        }

        await WaitForLiveModelAsync(api, ArcticXs, building, timeout.Token);
        await Eventually.HoldsAsync(
            () => Task.FromResult(answeredBy.GetValueOrDefault(ArcticXs) >= 5), ReembedDeadline, "searches run on the new model");
        await stop.CancelAsync();
        await searches;

        Assert.Empty(failures);
        var status = await api.GetFromJsonAsync<JsonElement>("/reembed", timeout.Token);
        var versions = status.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(ArcticXs, versions.Single(version => version.GetProperty("version").GetInt32() == building).GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("building").ValueKind);
    }

    /// <summary>The model the live version was built with.</summary>
    private static async Task<string> LiveModelAsync(HttpClient api, CancellationToken cancellationToken)
    {
        var status = await api.GetFromJsonAsync<JsonElement>("/reembed", cancellationToken);
        var live = status.GetProperty("live").GetProperty("version").GetInt32();
        return status.GetProperty("versions").EnumerateArray()
            .Single(version => version.GetProperty("version").GetInt32() == live).GetProperty("model").GetString()!;
    }

    /// <summary>Asks for a re-embedding with <paramref name="model"/>; the version it builds.</summary>
    private static async Task<int> ReembedAsync(HttpClient api, string model, CancellationToken cancellationToken)
    {
        using var response = await api.PostAsJsonAsync("/reembed", new { model }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        Assert.Equal("/reembed", response.Headers.Location?.OriginalString);
        var building = JsonDocument.Parse(body).RootElement.GetProperty("building");
        Assert.Equal(model, building.GetProperty("model").GetString());
        return building.GetProperty("version").GetInt32();
    }

    private static async Task WaitForLiveModelAsync(HttpClient api, string model, int version, CancellationToken cancellationToken)
    {
        JsonElement status = default;
        await Eventually.HoldsAsync(
            async () =>
            {
                status = await api.GetFromJsonAsync<JsonElement>("/reembed", cancellationToken);
                var built = status.GetProperty("versions").EnumerateArray().Single(row => row.GetProperty("version").GetInt32() == version);
                return await WholeAppTests.PausedAsync(cancellationToken) && built.GetProperty("state").GetString() is "Live" or "Failed";
            },
            ReembedDeadline, $"version {version} ({model}) goes live");
        Assert.True(status.GetProperty("live").GetProperty("version").GetInt32() == version, status.ToString());
    }

    private static async Task SearchUntilAsync(
        HttpClient api, object search, ConcurrentQueue<string> failures, ConcurrentDictionary<string, int> answeredBy, CancellationToken stop)
    {
        // Paced: every answer counts asks and costs the Api a request.
        for (; !stop.IsCancellationRequested; await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None))
        {
            try
            {
                using var response = await api.PostAsJsonAsync("/search", search, CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (!response.IsSuccessStatusCode)
                {
                    failures.Enqueue($"{(int)response.StatusCode}: {body}");
                    continue;
                }

                var answer = JsonDocument.Parse(body).RootElement;
                answeredBy.AddOrUpdate(answer.GetProperty("model").GetString()!, 1, (_, count) => count + 1);
                if (answer.GetProperty("hits").GetArrayLength() == 0)
                {
                    failures.Enqueue($"no hits: {body}");
                }
            }
            catch (HttpRequestException exception)
            {
                failures.Enqueue(exception.ToString());
            }
        }
    }
}
