extern alias Web;

using System.Net;
using System.Text.Json;
using Bunit;
using RedisAspire.Contracts;
using Web::RedisAspire.Web.Components.Pages;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>The Stampede lab: a run's settings checked before firing, its factory runs and latencies, runs side by side on one scale.</summary>
[Trait("Category", "Unit")]
public sealed class StampedeLabTests : DashboardContext
{
    [Fact]
    public void SettingsOutsideTheLabsLimitsAreNamedAndNothingIsFired()
    {
        var page = Render<StampedeLab>();
        Fill(page, "lab-callers", "5000");
        Fill(page, "lab-replicas", "0");
        Fill(page, "lab-ttl", "");

        page.Find("[data-testid=lab-fire]").Click();

        var errors = FieldErrors(page);
        Assert.Equal("Callers: a whole number from 1 to 1,000.", errors["callers"]);
        Assert.Equal("Replicas: a whole number from 1 to 8.", errors["replicas"]);
        Assert.Equal("A fixed or sliding entry needs a lifetime; only invalidation may have none.", errors["timeToLiveSeconds"]);
        Assert.Empty(Api.Requests);
        Assert.NotNull(page.Find("[data-testid=lab-empty]"));
    }

    [Fact]
    public void TheFormBecomesTheLabRequest()
    {
        Api.Answer("POST /cache/stampede-lab", Run(1, 250));
        var page = Render<StampedeLab>();
        Fill(page, "lab-callers", "50");
        page.Find("[data-testid=lab-early]").Change(true);
        page.Find("[data-testid=lab-l1]").Change(true);
        page.Find("[data-testid=lab-strategy]").Change("invalidation");
        Fill(page, "lab-ttl", "");

        page.Find("[data-testid=lab-fire]").Click();

        page.WaitForElement("[data-testid=lab-run]");
        var sent = JsonDocument.Parse(Assert.Single(Api.Bodies)).RootElement;
        Assert.Equal(50, sent.GetProperty("callers").GetInt32());
        Assert.Equal("earlyRecompute,distributedLock", sent.GetProperty("protection").GetString());
        Assert.True(sent.GetProperty("useL1").GetBoolean());
        Assert.Equal("invalidation", sent.GetProperty("strategy").GetString());
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("timeToLiveSeconds").ValueKind);
    }

    [Fact]
    public void RunsStaySideBySideNewestFirstWithTheirLatenciesOnOneScale()
    {
        var page = Render<StampedeLab>();
        Api.Answer("POST /cache/stampede-lab", Run(factoryRuns: 1, maxMilliseconds: 250));
        page.Find("[data-testid=lab-fire]").Click();
        page.WaitForElement("[data-testid=lab-run]");

        Api.Answer("POST /cache/stampede-lab", Run(factoryRuns: 200, maxMilliseconds: 500));
        page.Find("[data-testid=lab-fire]").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=lab-run]").Count));
        var runs = page.FindAll("[data-testid=lab-run]");
        Assert.Equal("200", runs[0].QuerySelector("[data-testid=run-factory-runs]")!.TextContent);
        Assert.Equal("1", runs[1].QuerySelector("[data-testid=run-factory-runs]")!.TextContent);
        Assert.Equal("199", runs[1].QuerySelector("[data-testid=run-outcome][data-name=Hit]")!.TextContent);
        // One scale: the slower run's max is the full bar, the faster run's max half of it.
        Assert.Equal("170", runs[0].QuerySelector("[data-testid=latency-bar][data-name=max]")!.GetAttribute("width"));
        Assert.Equal("85", runs[1].QuerySelector("[data-testid=latency-bar][data-name=max]")!.GetAttribute("width"));
    }

    [Fact]
    public void OnlyTheLastRunsAreKept()
    {
        Api.Answer("POST /cache/stampede-lab", Run(1, 100));
        var page = Render<StampedeLab>();

        for (var run = 1; run <= StampedeLab.RunsKept + 2; run++)
        {
            page.Find("[data-testid=lab-fire]").Click();
            page.WaitForAssertion(() => Assert.Equal(run, Api.Count("POST /cache/stampede-lab")));
        }

        page.WaitForAssertion(() => Assert.Equal(StampedeLab.RunsKept, page.FindAll("[data-testid=lab-run]").Count));
    }

    [Fact]
    public void TheApisRefusalIsShownBesideTheForm()
    {
        Api.Problem("POST /cache/stampede-lab", HttpStatusCode.BadRequest, "The request is not valid", null,
            new() { ["protection"] = ["protection 'both' is unknown."] });
        var page = Render<StampedeLab>();

        page.Find("[data-testid=lab-fire]").Click();

        page.WaitForElement("[data-testid=lab-problem]");
        Assert.Equal("protection", page.Find("[data-testid=problem-field]").GetAttribute("data-field"));
    }

    [Fact]
    public void MissesUnderTheLockSayHowManyRanTheFactoryAndHowManyWaitedForIt()
    {
        var page = Render<StampedeLab>();
        Api.Answer("POST /cache/stampede-lab", Run(factoryRuns: 1, maxMilliseconds: 250) with { Outcomes = new Dictionary<string, int> { ["Miss"] = 200 } });

        page.Find("[data-testid=lab-fire]").Click();

        page.WaitForElement("[data-testid=lab-run]");
        Assert.Equal(
            "200: 1 ran the factory, 199 waited for it and read the value stored",
            page.Find("[data-testid=run-outcome][data-name=Miss]").TextContent);
    }

    private static StampedeLabResponse Run(int factoryRuns, double maxMilliseconds) => new(
        new StampedeLabRun(200, 4, 200, "DistributedLock", false, ExpirationStrategy.Fixed, TimeSpan.FromSeconds(60)),
        factoryRuns,
        new Dictionary<string, int> { ["Miss"] = factoryRuns, ["Hit"] = 200 - factoryRuns },
        maxMilliseconds * 0.8, maxMilliseconds * 0.9, maxMilliseconds * 0.95, maxMilliseconds, maxMilliseconds + 10);
}
