using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.EndToEnd.Dashboard;

/// <summary>
/// A whole app of its own whose Worker queues the sample corpus at its first start, so that the dashboard has real data
/// to show: the corpus's two tenants, searchable, and a hot set loaded from them.
/// </summary>
public sealed class DashboardAppFixture : WholeAppFixture
{
    public const string Tenant = "harbor-bistro";

    private readonly Lazy<Task> sampleCorpusReady;

    public DashboardAppFixture() => sampleCorpusReady = new(WaitForSampleCorpusAsync);

    /// <summary>The dashboard's address.</summary>
    public Uri Dashboard => App.GetEndpoint("web", "http");

    /// <summary>Completes once the sample corpus is ingested and the hot set loaded from it; the work is done once for all tests.</summary>
    public Task SampleCorpusReadyAsync() => sampleCorpusReady.Value;

    protected override bool SeedsSampleCorpus => true;

    private async Task WaitForSampleCorpusAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        using var api = await this.CreateApiClientAsync([Tenant], timeout.Token);
        var search = new { text = "oysters with mignonette", k = 3, filters = new { tenant = Tenant, language = "en" }, tier = "cold" };

        // The seeder queues the whole corpus at once: once one document is found, the queue holds the rest until it is empty.
        await Eventually.HoldsAsync(
            async () => await WholeAppTests.PausedAsync(timeout.Token)
                && (await WholeAppTests.PostAsync(api, "/search", search, timeout.Token)).GetProperty("hits").EnumerateArray()
                    .Any(hit => hit.GetProperty("id").GetString()!.StartsWith("menu-oysters-half-dozen#", StringComparison.Ordinal))
                && await QueueIsEmptyAsync(api, timeout.Token),
            TimeSpan.FromMinutes(3),
            "the sample corpus is ingested");

        // The Worker's cold start loads the empty hot tier from the corpus by itself; a refresh of our own after it (or
        // instead of it, if it has not begun yet) leaves no refresh running when the tests start.
        await WholeAppTests.RefreshHotSetAsync(api, timeout.Token);
    }

    private static async Task<bool> QueueIsEmptyAsync(HttpClient api, CancellationToken cancellationToken)
    {
        var queue = (await api.GetFromJsonAsync<JsonElement>("/ingestion", cancellationToken)).GetProperty("queue");
        return queue.GetProperty("lag").GetInt64() == 0 && queue.GetProperty("pending").GetInt64() == 0;
    }
}
