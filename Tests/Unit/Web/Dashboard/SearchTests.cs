extern alias Web;

using System.Net;
using System.Text.Json;
using Bunit;
using RedisAspire.Contracts;
using Web::RedisAspire.Web.Components.Pages;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>The Search page: a form checked before sending, the Api's 400 beside it, and an answer that says who answered and how.</summary>
[Trait("Category", "Unit")]
public sealed class SearchTests : DashboardContext
{
    [Fact]
    public void BeforeAnySearchThePageSaysWhatAnAnswerWillShow()
    {
        var page = Render<Search>();

        Assert.NotNull(page.Find("[data-testid=page-ready]"));
        Assert.Contains("No search yet", page.Find("[data-testid=search-empty]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AFormWithMistakesNamesEachFieldAndSendsNothing()
    {
        var page = Render<Search>();
        Fill(page, "search-k", "0");
        Fill(page, "search-updated-after", "yesterday");
        Fill(page, "search-radius", "3");
        page.Find("[data-testid=add-number]").Click();
        Fill(page, "number-name", "floor");

        page.Find("[data-testid=search-submit]").Click();

        var errors = FieldErrors(page);
        Assert.Equal("Write what to search for.", errors["text"]);
        Assert.Equal("k is a whole number from 1 to 100.", errors["k"]);
        Assert.StartsWith("Write a date", errors["filters.updatedAfter"], StringComparison.Ordinal);
        Assert.StartsWith("The radius is a cosine distance", errors["radius"], StringComparison.Ordinal);
        Assert.Equal("Give 'floor' a minimum, a maximum or both.", errors["numbers[0]"]);
        Assert.NotNull(page.Find("[data-testid=search-invalid]"));
        Assert.Empty(Api.Requests);
    }

    [Fact]
    public void TheFormBecomesTheSearchRequestTheApiReads()
    {
        Api.Answer("POST /search", Answer());
        var page = Render<Search>();
        Fill(page, "search-text", "Do you serve oysters?");
        Fill(page, "search-k", "3");
        Fill(page, "search-tenant", "harbor-bistro");
        Fill(page, "search-language", "en");
        Fill(page, "search-updated-after", "2026-01-31");
        page.Find("[data-testid=search-tier]").Change("cold");
        Fill(page, "search-ef", "200");
        page.Find("[data-testid=add-tag]").Click();
        Fill(page, "tag-name", "cuisine");
        Fill(page, "tag-value", "seafood");
        page.Find("[data-testid=add-number]").Click();
        Fill(page, "number-name", "price");
        Fill(page, "number-max", "30");

        page.Find("[data-testid=search-submit]").Click();

        page.WaitForElement("[data-testid=search-results]");
        var sent = JsonDocument.Parse(Assert.Single(Api.Bodies)).RootElement;
        Assert.Equal("Do you serve oysters?", sent.GetProperty("text").GetString());
        Assert.Equal(3, sent.GetProperty("k").GetInt32());
        Assert.Equal("cold", sent.GetProperty("tier").GetString());
        Assert.Equal(200, sent.GetProperty("efRuntime").GetInt32());
        var filters = sent.GetProperty("filters");
        Assert.Equal("harbor-bistro", filters.GetProperty("tenant").GetString());
        Assert.Equal("en", filters.GetProperty("language").GetString());
        Assert.Equal("2026-01-31T00:00:00.0000000+00:00", filters.GetProperty("updatedAfter").GetString());
        Assert.Equal("seafood", filters.GetProperty("cuisine").GetString());
        Assert.Equal(30, filters.GetProperty("price").GetProperty("max").GetDouble());
        Assert.False(filters.GetProperty("price").TryGetProperty("min", out _));
    }

    [Fact]
    public void TheAnswerShowsTheTierEngineMissReasonCachesTimesAndHits()
    {
        Api.Answer("POST /search", Answer());
        var page = Render<Search>();
        Fill(page, "search-text", "oysters");

        page.Find("[data-testid=search-submit]").Click();

        page.WaitForElement("[data-testid=search-results]");
        Assert.Contains("Cold tier (PostgreSQL)", page.Find("[data-testid=result-tier]").TextContent, StringComparison.Ordinal);
        Assert.Equal("PostgreSQL", page.Find("[data-testid=result-engine]").TextContent);
        Assert.Equal("not used: its best match was below the confidence threshold", page.Find("[data-testid=result-miss-reason]").TextContent);
        Assert.Equal("hit in Redis", page.Find("[data-testid=result-embedding]").TextContent);
        Assert.Equal("miss: computed and stored", page.Find("[data-testid=result-cache]").TextContent);
        Assert.Contains("0.42 ms", page.Find("[data-testid=timing-embedding]").TextContent, StringComparison.Ordinal);
        Assert.Contains("3.1 ms", page.Find("[data-testid=timing-hot]").TextContent, StringComparison.Ordinal);
        Assert.Contains("12.5 ms", page.Find("[data-testid=timing-cold]").TextContent, StringComparison.Ordinal);
        var hit = Assert.Single(page.FindAll("[data-testid=hit]"));
        Assert.Equal("Raw bar", hit.QuerySelector("[data-testid=hit-title]")!.TextContent);
        Assert.Equal("0.8125", hit.QuerySelector("[data-testid=hit-score]")!.TextContent);
        Assert.Equal("0.1875", hit.QuerySelector("[data-testid=hit-distance]")!.TextContent);
    }

    [Fact]
    public void TheApisValidationProblemIsShownBesideTheFormAndAgainstItsField()
    {
        Api.Problem("POST /search", HttpStatusCode.BadRequest, "The request is not valid", null,
            new() { ["filters.cuisine"] = ["'cuisine' is not a filter of index 'embeddings'; use tenant, language, updatedAfter, updatedBefore."] });
        var page = Render<Search>();
        Fill(page, "search-text", "oysters");
        page.Find("[data-testid=add-tag]").Click();
        Fill(page, "tag-name", "cuisine");
        Fill(page, "tag-value", "seafood");

        page.Find("[data-testid=search-submit]").Click();

        page.WaitForElement("[data-testid=search-problem]");
        Assert.Contains("The request is not valid", page.Find("[data-testid=search-problem]").InnerHtml, StringComparison.Ordinal);
        Assert.Equal("filters.cuisine", page.Find("[data-testid=problem-field]").GetAttribute("data-field"));
        Assert.Empty(page.FindAll("[data-testid=search-results]"));
    }

    [Fact]
    public void AnUnreachableApiIsSaidBesideTheForm()
    {
        Api.Down = true;
        var page = Render<Search>();
        Fill(page, "search-text", "oysters");

        page.Find("[data-testid=search-submit]").Click();

        page.WaitForElement("[data-testid=search-problem]");
        Assert.Contains("The Api could not be reached", page.Find("[data-testid=search-problem]").InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAnswerShowsTheHotTiersQueryInBothEnginesSyntaxAsSent()
    {
        var hotQuery = new HotTierQuery(
            new RediSearchSyntax("embeddings", "(@tenant:{harbor\\-bistro})=>[KNN 3 @embedding $vec AS score]", ["vec"],
                ["FT.SEARCH", "embeddings", "(@tenant:{harbor\\-bistro})=>[KNN 3 @embedding $vec AS score]", "PARAMS", "2", "vec", "<vector: 1536 bytes>", "DIALECT", "2"]),
            new VectorSetsSyntax("embeddings", ".tenant == \"harbor-bistro\"",
                ["VSIM", "embeddings", "FP32", "<vector: 1536 bytes>", "FILTER", ".tenant == \"harbor-bistro\""]));
        Api.Answer("POST /search", Answer() with { HotQuery = hotQuery });
        var page = Render<Search>();
        Fill(page, "search-text", "oysters");

        page.Find("[data-testid=search-submit]").Click();

        page.WaitForElement("[data-testid=hot-query]");
        Assert.Equal("(@tenant:{harbor\\-bistro})=>[KNN 3 @embedding $vec AS score]", page.Find("[data-testid=hot-query-redisearch]").TextContent);
        Assert.Equal(
            "FT.SEARCH embeddings \"(@tenant:{harbor\\\\-bistro})=>[KNN 3 @embedding $vec AS score]\" PARAMS 2 vec <vector: 1536 bytes> DIALECT 2",
            page.Find("[data-testid=hot-query-redisearch-command]").TextContent);
        Assert.Equal(".tenant == \"harbor-bistro\"", page.Find("[data-testid=hot-query-vectorsets]").TextContent);
        Assert.Equal(
            "VSIM embeddings FP32 <vector: 1536 bytes> FILTER \".tenant == \\\"harbor-bistro\\\"\"",
            page.Find("[data-testid=hot-query-vectorsets-command]").TextContent);
    }

    [Fact]
    public void AQueryOneEngineCannotWriteSaysSo()
    {
        Api.Answer("POST /search", Answer() with { HotQuery = new HotTierQuery(new RediSearchSyntax("embeddings", "*=>[KNN 3 @embedding $vec AS score]", ["vec"], ["FT.SEARCH"]), null) });
        var page = Render<Search>();
        Fill(page, "search-text", "oysters");

        page.Find("[data-testid=search-submit]").Click();

        page.WaitForElement("[data-testid=hot-query-vectorsets-none]");
    }

    private static SearchResponse Answer() => new(
        AnsweringTier.Cold, "PostgreSQL", "embeddings", HotMissReason.BelowConfidence,
        [new SearchHit("menu-oysters#0", "Raw bar", 0.8125, 0.1875, new Dictionary<string, string> { ["tenant"] = "harbor-bistro" })],
        new SearchTimings(0.42, 3.1, 12.5), CacheOutcome.Hit, CacheOutcome.Miss, "local-minilm", 1);
}
