using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RedisAspire.Tests.EndToEnd.Dashboard;

/// <summary>The Documents and Hot set pages driving the Worker: a write followed to its end, a dead letter re-driven, a hot-set refresh.</summary>
[Trait("Category", "EndToEnd")]
[Collection(DashboardCollection.Name)]
public sealed class DashboardIngestionTests(DashboardAppFixture whole, DashboardBrowser browser, ITestOutputHelper output)
    : IClassFixture<DashboardAppFixture>
{
    /// <summary>As long as the Worker of a loaded machine may take to chunk, embed and write a document, or to fail one for good.</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions WorkerDeadline = new() { Timeout = 180_000 };

    [Fact]
    public async Task ADocumentWrittenOnTheDocumentsPageIsFollowedToCompletionAndThenFoundWithItsChunks()
    {
        await whole.SampleCorpusReadyAsync();
        var tenant = $"dashboard{Guid.NewGuid():N}"[..24];
        var id = $"terrace-{Guid.NewGuid():N}";
        await using var session = await browser.OpenAsync(whole.Dashboard);
        await session.OpenAsync("/documents", "Documents");

        await session.Field("write-tenant").FillAsync(tenant);
        await session.Field("write-id").FillAsync(id);
        await session.Field("write-title").FillAsync("Winter terrace");
        await session.Field("write-language").FillAsync("en");
        await session.Field("write-body").FillAsync("The terrace stays open in winter, with heaters and blankets at every table.");
        await session.Page.GetByTestId("write-submit").ClickAsync();

        var operation = await session.Page.GetByTestId("write-operation").InnerTextAsync();
        var row = session.Page.Locator($"[data-testid=operation-row][data-operation='{operation}']");
        await Expect(row.GetByTestId("operation-state")).ToHaveAttributeAsync("data-state", "Completed", WorkerDeadline);
        await row.GetByTestId("operation-find").ClickAsync();
        await Expect(session.Page.GetByTestId("document-title")).ToHaveTextAsync("Winter terrace");
        await Expect(session.Page.GetByTestId("chunk-row")).Not.ToHaveCountAsync(0);
        await session.AssertNoErrorAsync();
        await DashboardScreenshots.SaveAsync(session, "documents", output, documented: true);
    }

    [Fact]
    public async Task ADeadLetterIsShownWithItsErrorAndRedrivenFromTheDocumentsPage()
    {
        await whole.SampleCorpusReadyAsync();
        var tenant = $"dashboard{Guid.NewGuid():N}"[..24];
        var poisonId = $"scan-{Guid.NewGuid():N}";
        // A producer writing to the queue itself can send what the Api refuses: PostgreSQL text cannot hold a NUL, so
        // the Worker fails on it at every delivery and dead-letters it.
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await whole.App.GetConnectionStringAsync("cache"))!);
        var queue = new IngestionQueue(redis, Options.Create(new IngestionQueueOptions()), new IngestionQueueTelemetry(), TimeProvider.System);
        await queue.EnqueueUpsertAsync(
            new SourceDocument { Id = poisonId, Tenant = tenant, Language = "en", Title = "Scanned menu", Body = "Specials\0 plaice", UpdatedAt = DateTimeOffset.UtcNow },
            CancellationToken.None);
        await using var session = await browser.OpenAsync(whole.Dashboard);
        await session.OpenAsync("/documents", "Documents");

        var letter = session.Page.GetByTestId("dead-letter").Filter(new() { HasText = poisonId });
        await Expect(letter).ToHaveCountAsync(1, new() { Timeout = 180_000 });
        await Expect(letter.GetByTestId("dead-letter-error")).ToContainTextAsync("PostgreSQL refused the document");
        await DashboardScreenshots.SaveAsync(session, "documents-dead-letter", output);
        await letter.GetByTestId("redrive").ClickAsync();

        await Expect(session.Page.GetByTestId("redrive-result")).ToContainTextAsync($"'{poisonId}' is back on the queue");
        await session.AssertNoErrorAsync();
    }

    [Fact]
    public async Task AHotSetRefreshStartedOnTheHotSetPageIsFollowedToItsEnd()
    {
        await whole.SampleCorpusReadyAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        using var api = await whole.CreateApiClientAsync([DashboardAppFixture.Tenant], timeout.Token);
        async Task<(string? StartedAt, string? State)> LastRefreshAsync()
        {
            var hotSet = await api.GetFromJsonAsync<JsonElement>("/hotset", timeout.Token);
            return hotSet.GetProperty("refresh") is { ValueKind: JsonValueKind.Object } refresh
                ? (refresh.GetProperty("startedAt").GetString(), refresh.GetProperty("state").GetString())
                : (null, null);
        }

        var before = await LastRefreshAsync();
        await using var session = await browser.OpenAsync(whole.Dashboard);
        await session.OpenAsync("/hot-set", "Hot set and index");

        await session.Page.GetByTestId("hotset-refresh-button").ClickAsync();

        await Eventually.HoldsAsync(
            async () => await LastRefreshAsync() is var now && now.StartedAt != before.StartedAt && now.State == "Completed",
            TimeSpan.FromMinutes(3), "the refresh the page started completes");
        await Expect(session.Page.GetByTestId("refresh-state")).ToHaveAttributeAsync("data-state", "Completed", WorkerDeadline);
        await Expect(session.Page.GetByTestId("hotset-documents")).ToHaveTextAsync(new Regex("^[1-9]"));
        await Expect(session.Page.GetByTestId("index-field")).Not.ToHaveCountAsync(0);
        await Expect(session.Page.GetByTestId("hotset-refresh-button")).ToBeEnabledAsync();
        await session.AssertNoErrorAsync();
        await DashboardScreenshots.SaveAsync(session, "hot-set", output, documented: true);
    }
}
