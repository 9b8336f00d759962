using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RedisAspire.Tests.EndToEnd.Dashboard;

/// <summary>The dashboard when the Api cannot be reached: in a whole app of its own, so that no other test sees it.</summary>
[Trait("Category", "EndToEnd")]
[Collection(DashboardCollection.Name)]
public sealed class DashboardApiUnreachableTests(ApiUnreachableAppFixture whole, DashboardBrowser browser, ITestOutputHelper output)
    : IClassFixture<ApiUnreachableAppFixture>
{
    [Fact]
    public async Task WithTheApiDownTheOverviewNamesEachFailedCallInItsBannerRatherThanShowingAnErrorPage()
    {
        await using var session = await browser.OpenAsync(whole.Dashboard);

        await session.OpenAsync("/", "Overview");

        var banner = session.Page.GetByTestId("api-banner");
        var statusFailure = banner.GetByTestId("api-failure").Filter(new() { HasText = "GET /status" });
        await Expect(banner).ToContainTextAsync("The Api could not be reached");
        await Expect(statusFailure).ToHaveCountAsync(1);
        await session.Page.GetByTestId("api-retry").ClickAsync();
        await Expect(statusFailure).ToHaveCountAsync(1);
        await session.AssertNoErrorAsync();
        await DashboardScreenshots.SaveAsync(session, "overview-api-down", output);
    }
}
