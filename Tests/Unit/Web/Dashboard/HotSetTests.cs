extern alias Web;

using System.Net;
using Bunit;
using RedisAspire.Contracts;
using Web::RedisAspire.Web.Components.Pages;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>
/// The Hot set and index page: the index, the hot set and the embedding versions figure by figure; Refresh, Rebuild and
/// Re-embed with their progress read every second while they run, and the Api's refusals shown beside their buttons.
/// </summary>
[Trait("Category", "Unit")]
public sealed class HotSetTests : DashboardContext
{
    private static readonly DateTimeOffset Started = new(2026, 12, 4, 8, 58, 0, TimeSpan.Zero);

    [Fact]
    public void TheIndexTheHotSetAndTheEmbeddingVersionsAreShownFigureByFigure()
    {
        AnswerPage(
            HotSetAnswer(documents: 1500, asked: [new AskedDocument("doc-7", 42), new AskedDocument("doc-3", 9)]),
            IndexAnswer(memory: 722_408, failures: 2),
            Versions(Live(1)));

        var page = Render<HotSet>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("Vector Sets", page.Find("[data-testid=index-engine]").TextContent);
        Assert.StartsWith("HNSW", page.Find("[data-testid=index-algorithm]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Cosine", page.Find("[data-testid=index-metric]").TextContent);
        Assert.Equal("int8", page.Find("[data-testid=index-storage]").TextContent);
        Assert.Equal("586", page.Find("[data-testid=index-documents]").TextContent);
        Assert.Equal("705.5 KiB", page.Find("[data-testid=index-memory]").TextContent);
        Assert.Equal("384", page.Find("[data-testid=index-dimensions]").TextContent);
        Assert.Contains("2 documents could not be indexed", page.Find("[data-testid=index-failures]").TextContent, StringComparison.Ordinal);
        Assert.Equal(
            "M 16, EF construction 64, EF runtime per query (at least 100, ten per result asked)",
            string.Join(' ', page.Find("[data-testid=index-hnsw]").TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(["embedding", "tenant", "updated_at"], page.FindAll("[data-testid=index-field]").Select(row => row.GetAttribute("data-name")));
        Assert.Contains("NUMERIC, sortable", page.Find("[data-testid=index-field][data-name=updated_at]").TextContent, StringComparison.Ordinal);
        Assert.Equal("1,500", page.Find("[data-testid=hotset-documents]").TextContent);
        Assert.Contains("of 2,000 documents a refresh loads (75%)", page.Find("[data-testid=hotset-size]").TextContent, StringComparison.Ordinal);
        Assert.Equal("75", page.Find("[data-testid=hotset-fill]").GetAttribute("data-percent"));
        Assert.Equal("the most-asked documents, the newest filling any room left", page.Find("[data-testid=hotset-policy]").TextContent);
        Assert.Equal(["doc-7", "doc-3"], page.FindAll("[data-testid=most-asked-row]").Select(row => row.GetAttribute("data-id")));
        Assert.Equal("42", page.Find("[data-testid=most-asked-asks]").TextContent);
        Assert.Contains("v1 all-MiniLM-L6-v2 (Local, 384 dimensions)", page.Find("[data-testid=reembed-live]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=api-banner]"));
    }

    [Theory]
    [InlineData("Newest", 0.5, "the newest documents, asked or not")]
    [InlineData("Mixed", 0.25, "25% the newest documents, the rest the most asked; either fills room the other leaves")]
    public void TheHotSetPolicyIsSaidInWords(string policy, double newestShare, string said)
    {
        AnswerPage(HotSetAnswer(documents: 10, asked: []) with { Policy = policy, NewestShare = newestShare }, IndexAnswer(memory: 1024, failures: 0), Versions(Live(1)));

        var page = Render<HotSet>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal(said, page.Find("[data-testid=hotset-policy]").TextContent);
    }

    [Fact]
    public void SectionsWithNothingInThemSayWhatWouldFillThem()
    {
        AnswerPage(HotSetAnswer(), IndexAnswer(), Versions());

        var page = Render<HotSet>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Contains("No rebuild yet", page.Find("[data-testid=rebuild-none]").TextContent, StringComparison.Ordinal);
        Assert.Contains("No refresh yet", page.Find("[data-testid=refresh-none]").TextContent, StringComparison.Ordinal);
        Assert.Contains("No asks counted yet", page.Find("[data-testid=most-asked-empty]").TextContent, StringComparison.Ordinal);
        Assert.Contains("No embedding version yet", page.Find("[data-testid=reembed-empty]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefreshShowsItsProgressEverySecondWithItsButtonDisabledAndThenItsOutcome()
    {
        AnswerPage(HotSetAnswer(), IndexAnswer(), Versions(Live(1)));
        Api.Answer("POST /hotset/refresh", Refresh(RebuildState.Running, loaded: 0));
        var page = Render<HotSet>();
        page.WaitForElement("[data-testid=page-ready]");

        page.Find("[data-testid=hotset-refresh-button]").Click();

        page.WaitForAssertion(() => Assert.Equal("Running", page.Find("[data-testid=refresh-state]").GetAttribute("data-state")));
        Assert.True(page.Find("[data-testid=hotset-refresh-button]").HasAttribute("disabled"));
        Assert.Equal(1, Api.Count("POST /hotset/refresh"));

        Api.Answer("GET /hotset", HotSetAnswer() with { Refresh = Refresh(RebuildState.Running, loaded: 40) });
        Time.Advance(HotSet.RunningPeriod);
        page.WaitForAssertion(() => Assert.Contains("40 of 100 chosen documents", page.Find("[data-testid=refresh-loaded]").TextContent, StringComparison.Ordinal));
        Assert.Equal("40", page.Find("[data-testid=refresh-progress]").GetAttribute("data-percent"));

        Api.Answer("GET /hotset", HotSetAnswer(documents: 100) with { Refresh = Refresh(RebuildState.Completed, loaded: 100) });
        Time.Advance(HotSet.RunningPeriod);
        page.WaitForAssertion(() => Assert.Equal("Completed", page.Find("[data-testid=refresh-state]").GetAttribute("data-state")));
        Assert.False(page.Find("[data-testid=hotset-refresh-button]").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=refresh-progress]"));
        Assert.Equal("100", page.Find("[data-testid=hotset-documents]").TextContent);
    }

    [Fact]
    public void ARebuildShowsDocumentsCopiedOfExpectedWhileItRunsAndWhyItFailed()
    {
        AnswerPage(HotSetAnswer(), IndexAnswer(), Versions(Live(1)));
        Api.Answer("POST /indexes/embeddings/rebuild", IndexAnswer() with { Rebuild = Rebuild(RebuildState.Running, copied: 0) });
        var page = Render<HotSet>();
        page.WaitForElement("[data-testid=page-ready]");

        page.Find("[data-testid=index-rebuild]").Click();

        page.WaitForAssertion(() => Assert.Equal("Running", page.Find("[data-testid=rebuild-state]").GetAttribute("data-state")));
        Assert.True(page.Find("[data-testid=index-rebuild]").HasAttribute("disabled"));
        Api.Answer("GET /indexes/embeddings", IndexAnswer() with { Rebuild = Rebuild(RebuildState.Running, copied: 293) });
        Time.Advance(HotSet.RunningPeriod);
        page.WaitForAssertion(() => Assert.Contains("293 of 586 documents", page.Find("[data-testid=rebuild-copied]").TextContent, StringComparison.Ordinal));
        Assert.Equal("50", page.Find("[data-testid=rebuild-progress]").GetAttribute("data-percent"));

        Api.Answer("GET /indexes/embeddings", IndexAnswer() with { Rebuild = Rebuild(RebuildState.Failed, copied: 300) with { Error = "OOM command not allowed" } });
        Time.Advance(HotSet.RunningPeriod);
        page.WaitForAssertion(() => Assert.Equal("OOM command not allowed", page.Find("[data-testid=rebuild-error]").TextContent));
        Assert.False(page.Find("[data-testid=index-rebuild]").HasAttribute("disabled"));
    }

    [Fact]
    public void ARebuildTheApiRefusesShowsItsProblemDetailsBesideTheButton()
    {
        AnswerPage(HotSetAnswer(), IndexAnswer(), Versions(Live(1)));
        Api.Problem("POST /indexes/embeddings/rebuild", HttpStatusCode.Conflict, "A rebuild is already running", "Index embeddings is being rebuilt into embeddings:v3.");
        var page = Render<HotSet>();
        page.WaitForElement("[data-testid=page-ready]");

        page.Find("[data-testid=index-rebuild]").Click();

        page.WaitForElement("[data-testid=rebuild-problem]");
        var problem = page.Find("[data-testid=rebuild-problem]").InnerHtml;
        Assert.Contains("A rebuild is already running", problem, StringComparison.Ordinal);
        Assert.Contains("being rebuilt into embeddings:v3", problem, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=api-banner]"));
    }

    [Fact]
    public void ReembeddingStartsOnlyOnceConfirmedAndSendsTheChosenModel()
    {
        AnswerPage(HotSetAnswer(), IndexAnswer(), Versions(Live(1)));
        Api.Answer("POST /reembed", Versions(Live(1), Building(2, rowsDone: 0, rowsTotal: null)));
        var page = Render<HotSet>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "reembed-model", "snowflake-arctic-embed-xs");

        page.Find("[data-testid=reembed-start]").Click();
        page.WaitForElement("[data-testid=reembed-confirmation]");
        page.Find("[data-testid=reembed-cancel]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=reembed-confirmation]")));
        Assert.Equal(0, Api.Count("POST /reembed"));

        page.Find("[data-testid=reembed-start]").Click();
        Assert.Contains("snowflake-arctic-embed-xs", page.Find("[data-testid=reembed-confirmation]").TextContent, StringComparison.Ordinal);
        page.Find("[data-testid=reembed-confirm]").Click();

        page.WaitForElement("[data-testid=reembed-building]");
        Assert.Equal("{\"provider\":null,\"model\":\"snowflake-arctic-embed-xs\",\"force\":false}", Assert.Single(Api.Bodies));
        Assert.Contains("still counting", page.Find("[data-testid=reembed-rows]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=reembed-progress]"));
        Assert.True(page.Find("[data-testid=reembed-start]").HasAttribute("disabled"));
    }

    [Fact]
    public void AReembeddingBeingBuiltShowsRowsDoneOfTotalFromTheLiveVersionToTheNewOne()
    {
        AnswerPage(HotSetAnswer(), IndexAnswer(), Versions(Live(1), Building(2, rowsDone: 250, rowsTotal: 1000)));

        var page = Render<HotSet>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Contains(
            "v1 all-MiniLM-L6-v2 (Local, 384 dimensions) → v2 snowflake-arctic-embed-xs (Local, 384 dimensions)",
            page.Find("[data-testid=reembed-building]").TextContent, StringComparison.Ordinal);
        Assert.Contains("250 of 1,000 (25%)", page.Find("[data-testid=reembed-rows]").TextContent, StringComparison.Ordinal);
        Assert.Equal("25", page.Find("[data-testid=reembed-progress]").GetAttribute("data-percent"));
        Assert.Equal(["2", "1"], page.FindAll("[data-testid=reembed-version]").Select(row => row.GetAttribute("data-version")));
    }

    [Fact]
    public void AnAzureModelWhoseDimensionsAreNotANumberIsRefusedBeforeAsking()
    {
        AnswerPage(HotSetAnswer(), IndexAnswer(), Versions(Live(1)));
        var page = Render<HotSet>();
        page.WaitForElement("[data-testid=page-ready]");
        page.Find("[data-testid=reembed-provider]").Change("AzureOpenAI");
        Fill(page, "reembed-model", "text-embedding-3-small@many");

        page.Find("[data-testid=reembed-start]").Click();

        page.WaitForAssertion(() => Assert.Contains("DEPLOYMENT@DIMENSIONS", FieldErrors(page)["model"], StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=reembed-confirmation]"));
    }

    [Fact]
    public void AModelTheApiCannotBuildIsShownWithTheFieldItNamed()
    {
        AnswerPage(HotSetAnswer(), IndexAnswer(), Versions(Live(1)));
        Api.Problem("POST /reembed", HttpStatusCode.BadRequest, "One or more validation errors occurred.", null,
            new() { ["model"] = ["The local model 'bert' is unknown; use all-MiniLM-L6-v2 or snowflake-arctic-embed-xs."] });
        var page = Render<HotSet>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "reembed-model", "bert");

        page.Find("[data-testid=reembed-start]").Click();
        page.Find("[data-testid=reembed-confirm]").Click();

        page.WaitForElement("[data-testid=reembed-problem]");
        Assert.Equal("model", page.Find("[data-testid=problem-field]").GetAttribute("data-field"));
    }

    [Fact]
    public void AnApiThatCannotBeReachedIsABannerNamingEachCallAndRetryBringsTheFiguresBack()
    {
        AnswerPage(HotSetAnswer(), IndexAnswer(), Versions(Live(1)));
        Api.Down = true;

        var page = Render<HotSet>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Contains("The Api could not be reached", page.Find("[data-testid=api-banner]").InnerHtml, StringComparison.Ordinal);
        Assert.Equal(["GET /hotset", "GET /reembed"], page.FindAll("[data-testid=api-failure] code").Select(call => call.TextContent));
        Assert.Empty(page.FindAll("[data-testid=index-engine]"));

        Api.Down = false;
        page.Find("[data-testid=api-retry]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=api-banner]")));
        Assert.Equal("Vector Sets", page.Find("[data-testid=index-engine]").TextContent);
    }

    [Fact]
    public void WhenTheIndexCannotBeReadTheHotSetIsStillShownAndTheBannerNamesTheIndexCall()
    {
        AnswerPage(HotSetAnswer(documents: 7), IndexAnswer(), Versions(Live(1)));
        Api.Problem("GET /indexes/embeddings", HttpStatusCode.ServiceUnavailable, "The vector hot tier is unavailable");

        var page = Render<HotSet>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Contains("GET /indexes/embeddings", page.Find("[data-testid=api-failure]").TextContent, StringComparison.Ordinal);
        Assert.Contains("The vector hot tier is unavailable", page.Find("[data-testid=api-failure]").TextContent, StringComparison.Ordinal);
        Assert.Equal("7", page.Find("[data-testid=hotset-documents]").TextContent);
    }

    [Fact]
    public void ATickReadsEachSecondWhileSomethingRunsAndEveryFiveSecondsOtherwise()
    {
        var read = Time.GetUtcNow();

        Assert.True(HotSet.IsDue(anyRunning: true, read, read + HotSet.RunningPeriod));
        Assert.False(HotSet.IsDue(anyRunning: false, read, read + TimeSpan.FromSeconds(4)));
        Assert.True(HotSet.IsDue(anyRunning: false, read, read + HotSet.IdlePeriod));
        Assert.True(HotSet.IsDue(anyRunning: false, lastRead: null, read));
    }

    private void AnswerPage(HotSetResponse hotSet, IndexResponse index, ReembedResponse versions) => Api
        .Answer("GET /hotset", hotSet)
        .Answer($"GET /indexes/{hotSet.Index}", index)
        .Answer("GET /reembed", versions);

    private static HotSetResponse HotSetAnswer(long documents = 0, IReadOnlyList<AskedDocument>? asked = null) =>
        new("embeddings", "VectorSets", documents, 2000, new Dictionary<string, int>(), 0.5, Refresh: null, asked ?? []);

    private static HotSetRefresh Refresh(RebuildState state, long loaded) =>
        new(state, Planned: 100, FromAsks: 60, loaded, Started, state == RebuildState.Running ? null : Started.AddSeconds(4), Error: null);

    private static IndexResponse IndexAnswer(long? memory = 722_408, long failures = 0) =>
        new("embeddings", "VectorSets", "{embeddings}", 586, 384, "Cosine", "Hnsw", "int8", memory, Indexing: false, 1, failures, Rebuild: null,
            new IndexSchema("doc:", [new("embedding", "VECTOR", false), new("tenant", "TAG", false), new("updated_at", "NUMERIC", true)], 16, 64, null, null, "Q8"));

    private static IndexRebuild Rebuild(RebuildState state, long copied) =>
        new(state, "{embeddings}:v2", copied, Expected: 586, Started, state == RebuildState.Running ? null : Started.AddSeconds(9), Error: null);

    private static ReembedResponse Versions(params EmbeddingVersion[] versions) => new(
        versions.SingleOrDefault(version => version.State == EmbeddingVersionState.Live),
        versions.SingleOrDefault(version => version.State == EmbeddingVersionState.Building),
        versions);

    private static EmbeddingVersion Live(int number) => new(
        number, "Local", "all-MiniLM-L6-v2", 384, $"chunks_v{number}", EmbeddingVersionState.Live, Started.AddDays(-1), Started.AddDays(-1), null, 586, 586, null);

    private static EmbeddingVersion Building(int number, long rowsDone, long? rowsTotal) => new(
        number, "Local", "snowflake-arctic-embed-xs", 384, $"chunks_v{number}", EmbeddingVersionState.Building, Started, null, null, rowsTotal, rowsDone, null);
}
