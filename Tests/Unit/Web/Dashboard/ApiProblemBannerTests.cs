extern alias Web;

using System.Net;
using Bunit;
using Web::RedisAspire.Web.Components.Shared;
using Web::RedisAspire.Web.Services;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>The banner a page shows when its refresh failed: what failed, and a Retry button.</summary>
[Trait("Category", "Unit")]
public sealed class ApiProblemBannerTests : DashboardContext
{
    [Fact]
    public void NothingIsShownWhenNothingFailed()
    {
        var banner = Render<ApiProblemBanner>(parameters => parameters.Add(p => p.Failures, []));

        Assert.Empty(banner.FindAll("[data-testid=api-banner]"));
    }

    [Fact]
    public void AnUnreachableApiIsNamedWithTheCallThatFailed()
    {
        var banner = Render<ApiProblemBanner>(parameters => parameters
            .Add(p => p.Failures, [new ApiUnreachableException("GET /cache/stats", "Connection refused")])
            .Add(p => p.ShowingLastData, true));

        Assert.Contains("The Api could not be reached", banner.Find("[data-testid=api-banner]").InnerHtml, StringComparison.Ordinal);
        Assert.Equal("GET /cache/stats: Connection refused", banner.Find("[data-testid=api-failure]").TextContent.Trim());
        Assert.Contains("Showing the last data received", banner.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void AnErrorTheApiAnsweredShowsItsTitleAndDetail()
    {
        var banner = Render<ApiProblemBanner>(parameters => parameters
            .Add(p => p.Failures, [new ApiProblemException("GET /cache/eviction", HttpStatusCode.ServiceUnavailable,
                "The result cache is unavailable", "Redis did not answer in 5 s.", new Dictionary<string, string[]>())]));

        Assert.Contains("The Api answered with an error", banner.Find("[data-testid=api-banner]").InnerHtml, StringComparison.Ordinal);
        Assert.Contains("The result cache is unavailable. Redis did not answer in 5 s.", banner.Find("[data-testid=api-failure]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void RetryAsksThePageToRefresh()
    {
        var retries = 0;
        var banner = Render<ApiProblemBanner>(parameters => parameters
            .Add(p => p.Failures, [new ApiUnreachableException("GET /status", "Connection refused")])
            .Add(p => p.OnRetry, () => retries++));

        banner.Find("[data-testid=api-retry]").Click();

        Assert.Equal(1, retries);
    }
}
