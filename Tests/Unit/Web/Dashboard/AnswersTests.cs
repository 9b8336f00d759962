extern alias Web;

using System.Net;
using System.Text.Json;
using Bunit;
using RedisAspire.Contracts;
using Web::RedisAspire.Web.Components.Pages.AnswersPanels;
using AnswersPage = Web::RedisAspire.Web.Components.Pages.Answers;
using AnswerResult = Web::RedisAspire.Web.Components.Pages.AnswerResult;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>The Answers page: a question checked before sending, an answer that says what it cites and which cache gave it, the cache's counters live.</summary>
[Trait("Category", "Unit")]
public sealed class AnswersTests : DashboardContext
{
    [Fact]
    public void BeforeAnyQuestionThePageSaysWhatAnAnswerWillShowAndShowsTheCache()
    {
        Api.Answer("GET /ask/cache", Cache(hits: 3, misses: 1));

        var page = Render<AnswersPage>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Contains("No question yet", page.Find("[data-testid=ask-empty]").TextContent, StringComparison.Ordinal);
        Assert.Equal("fixed, 1 h", page.Find("[data-testid=answer-cache-settings]").TextContent);
        Assert.Equal("75%", page.Find("[data-testid=answer-cache-hit-rate]").TextContent);
        Assert.Equal("12", page.Find("[data-testid=answer-cache-entries]").TextContent);
        Assert.Equal("threshold 0.1 (cosine distance); 2 hits, 6 misses (25%), 8 questions added", page.Find("[data-testid=answer-cache-semantic]").TextContent);
        Assert.Equal("25% of 4 audited hits cited none of the same documents", page.Find("[data-testid=answer-cache-false-hits]").TextContent);
    }

    [Fact]
    public void AFormWithMistakesNamesEachFieldAndSendsNothing()
    {
        Api.Answer("GET /ask/cache", Cache());
        var page = Render<AnswersPage>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "ask-k", "21");
        page.Find("[data-testid=add-turn]").Click();

        page.Find("[data-testid=ask-submit]").Click();

        var errors = FieldErrors(page);
        Assert.Equal("Write a question.", errors["question"]);
        Assert.Equal("k is a whole number from 1 to 20.", errors["k"]);
        Assert.Equal("Write what was said, or remove the turn.", errors["context[0].text"]);
        Assert.NotNull(page.Find("[data-testid=ask-invalid]"));
        Assert.DoesNotContain("POST /ask", Api.Requests);
    }

    [Fact]
    public void TheFormBecomesTheAskRequestTheApiReads()
    {
        Api.Answer("GET /ask/cache", Cache()).Answer("POST /ask", Answer(AnswerCacheLayer.None, CacheOutcome.Miss));
        var page = Render<AnswersPage>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "ask-question", "  Do you serve oysters?  ");
        Fill(page, "ask-k", "3");
        Fill(page, "ask-tenant", "harbor-bistro");
        page.Find("[data-testid=add-turn]").Click();
        Fill(page, "turn-text", "Is the terrace open?");
        page.Find("[data-testid=add-turn]").Click();
        page.FindAll("[data-testid=turn-text]")[1].Change("Yes, from May.");

        page.Find("[data-testid=ask-submit]").Click();

        page.WaitForElement("[data-testid=answer]");
        var sent = JsonDocument.Parse(Assert.Single(Api.Bodies)).RootElement;
        Assert.Equal("Do you serve oysters?", sent.GetProperty("question").GetString());
        Assert.Equal(3, sent.GetProperty("k").GetInt32());
        Assert.Equal("harbor-bistro", sent.GetProperty("tenant").GetString());
        var turns = sent.GetProperty("context").EnumerateArray().Select(turn => (turn.GetProperty("role").GetString(), turn.GetProperty("text").GetString())).ToList();
        Assert.Equal([("user", "Is the terrace open?"), ("assistant", "Yes, from May.")], turns);
    }

    [Fact]
    public void AWrittenAnswerShowsItsTextCitationsCacheLayerTierAndTimes()
    {
        Api.Answer("GET /ask/cache", Cache()).Answer("POST /ask", Answer(AnswerCacheLayer.None, CacheOutcome.Miss));
        var page = Render<AnswersPage>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "ask-question", "Do you serve oysters?");

        page.Find("[data-testid=ask-submit]").Click();

        page.WaitForElement("[data-testid=answer]");
        Assert.Equal("Written for this question", page.Find("[data-testid=answer-layer]").TextContent.Trim());
        Assert.Equal("Half a dozen Sylt oysters with mignonette [1].", page.Find("[data-testid=answer-text]").TextContent);
        Assert.Equal("Local", page.Find("[data-testid=answer-generator]").TextContent);
        Assert.Contains("2 from the hot tier (Redis), VectorSets; hot tier answered", page.Find("[data-testid=answer-retrieval]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("miss", page.Find("[data-testid=answer-result-cache]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("hit in Redis · local-minilm", page.Find("[data-testid=answer-embedding]").TextContent, StringComparison.Ordinal);
        var citation = Assert.Single(page.FindAll("[data-testid=citation]"));
        Assert.Equal("Raw bar", citation.QuerySelector("[data-testid=citation-title]")!.TextContent);
        Assert.Contains("2.9 ms", page.Find("[data-testid=timing-retrieval]").TextContent, StringComparison.Ordinal);
        Assert.Contains("12 ms", page.Find("[data-testid=timing-generation]").TextContent, StringComparison.Ordinal);
        Assert.Contains("4.5 ms", page.Find("[data-testid=timing-total]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAnswerFromTheExactCacheSaysNoPassagesWereNeeded()
    {
        Api.Answer("GET /ask/cache", Cache()).Answer("POST /ask", Answer(AnswerCacheLayer.Exact, CacheOutcome.Hit));
        var page = Render<AnswersPage>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "ask-question", "Do you serve oysters?");

        page.Find("[data-testid=ask-submit]").Click();

        page.WaitForElement("[data-testid=answer]");
        Assert.Equal("From the exact cache", page.Find("[data-testid=answer-layer]").TextContent.Trim());
        Assert.Equal("hit in Redis", page.Find("[data-testid=answer-cache-outcome]").TextContent);
        Assert.Equal("not needed: answered from the exact cache", page.Find("[data-testid=answer-retrieval]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=answer-result-cache]"));
        Assert.StartsWith("hit in Redis · local-minilm", page.Find("[data-testid=answer-embedding]").TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid=citation]"));
        Assert.Contains("–", page.Find("[data-testid=timing-retrieval]").TextContent, StringComparison.Ordinal);
        Assert.Contains("–", page.Find("[data-testid=timing-generation]").TextContent, StringComparison.Ordinal);
        Assert.Contains("4.5 ms", page.Find("[data-testid=timing-total]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAnswerFromTheSemanticCacheSaysNoPassagesWereNeeded()
    {
        Assert.Equal("From the semantic cache", AnswerResult.Layer(AnswerCacheLayer.Semantic));
        Assert.Equal("not needed: answered from the semantic cache", AnswerResult.NotRetrieved(AnswerCacheLayer.Semantic));
        Api.Answer("GET /ask/cache", Cache()).Answer("POST /ask", Answer(AnswerCacheLayer.Semantic, CacheOutcome.Miss));
        var page = Render<AnswersPage>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "ask-question", "Are oysters on the menu?");

        page.Find("[data-testid=ask-submit]").Click();

        page.WaitForElement("[data-testid=answer]");
        Assert.Equal("From the semantic cache", page.Find("[data-testid=answer-layer]").TextContent.Trim());
        Assert.Equal("not needed: answered from the semantic cache", page.Find("[data-testid=answer-retrieval]").TextContent);
    }

    [Fact]
    public void AnAnswerWithoutPassagesSaysNothingIsCited()
    {
        Api.Answer("GET /ask/cache", Cache()).Answer("POST /ask", Answer(AnswerCacheLayer.None, null) with { Citations = [], CitationBasis = CitationBasis.None });
        var page = Render<AnswersPage>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "ask-question", "What is the meaning of life?");

        page.Find("[data-testid=ask-submit]").Click();

        page.WaitForElement("[data-testid=answer]");
        Assert.Contains("nothing is cited", page.Find("[data-testid=answer]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=citations]"));
        Assert.Contains("not consulted", page.Find("[data-testid=answer-cache-outcome]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TheApisValidationProblemIsShownAgainstItsField()
    {
        Api.Answer("GET /ask/cache", Cache()).Problem("POST /ask", HttpStatusCode.BadRequest, "The request is not valid", null,
            new() { ["tenant"] = ["A caller acting for every tenant must name the tenant."] });
        var page = Render<AnswersPage>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "ask-question", "Do you serve oysters?");

        page.Find("[data-testid=ask-submit]").Click();

        page.WaitForElement("[data-testid=ask-problem]");
        Assert.Equal("tenant", page.Find("[data-testid=problem-field]").GetAttribute("data-field"));
        Assert.Contains("must name the tenant", FieldErrors(page)["tenant"], StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=answer]"));
    }

    [Fact]
    public void TheCacheCountersRefreshEveryTwoSeconds()
    {
        Api.Answer("GET /ask/cache", Cache(hits: 0, misses: 1));
        var page = Render<AnswersPage>();
        page.WaitForElement("[data-testid=page-ready]");
        Api.Answer("GET /ask/cache", Cache(hits: 1, misses: 1));

        Time.Advance(TimeSpan.FromSeconds(2));

        page.WaitForAssertion(() => Assert.Equal("50%", page.Find("[data-testid=answer-cache-hit-rate]").TextContent));
    }

    [Fact]
    public void ASlidingCacheSaysItsWindowAndItsLongestLife()
    {
        var cache = Cache() with { Expiration = ExpirationStrategy.Sliding, TimeToLiveSeconds = 600, MaxLifetimeSeconds = 86_400 };

        Assert.Equal("sliding, 10 min after the last ask, 1 d at most", AnswerCachePanel.Settings(cache));
        Assert.StartsWith("off", AnswerCachePanel.Settings(cache with { Enabled = false }), StringComparison.Ordinal);
    }

    private AnswerCacheResponse Cache(long hits = 0, long misses = 0) => new(
        Time.GetUtcNow().AddMinutes(-5), true, ExpirationStrategy.Fixed, 3600, null, 12,
        new CacheOutcomeCounts(hits, 0, misses, 0, 0), 0, misses, 0, new AnswerGeneratorInfo("Local", "extractive-1"),
        new SemanticAnswerCacheResponse(true, 0.1, 2, 6, 8, 0, 4, 1, 0.25, 0));

    private AskResponse Answer(AnswerCacheLayer layer, CacheOutcome? outcome) => new(
        "Half a dozen Sylt oysters with mignonette [1].",
        new AnswerGeneratorInfo("Local", "extractive-1"),
        [new AskCitation(1, "menu-oysters#0", "menu-oysters", "Raw bar")],
        CitationBasis.Markers,
        new AskCache(layer, outcome),
        // A cached answer (exact or semantic) retrieved nothing; one written for the question did.
        layer == AnswerCacheLayer.None ? new AskRetrieval(AnsweringTier.Hot, "VectorSets", null, 2, CacheOutcome.Miss) : null,
        CacheOutcome.Hit,
        new AskTimings(0.8, layer == AnswerCacheLayer.None ? 2.9 : null, layer == AnswerCacheLayer.None ? 12.0 : null, 4.5),
        1,
        "local-minilm",
        Time.GetUtcNow().AddMinutes(-1));
}
