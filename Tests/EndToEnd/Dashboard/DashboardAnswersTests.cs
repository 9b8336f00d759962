using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RedisAspire.Tests.EndToEnd.Dashboard;

/// <summary>The Answers page in headless Chromium, against a whole app holding the sample corpus.</summary>
[Trait("Category", "EndToEnd")]
[Collection(DashboardCollection.Name)]
public sealed class DashboardAnswersTests(DashboardAppFixture whole, DashboardBrowser browser, ITestOutputHelper output)
    : IClassFixture<DashboardAppFixture>
{
    [Fact]
    public async Task AQuestionIsAnsweredWithItsCitationsAndAskedAgainComesFromTheExactCacheWithoutRetrieving()
    {
        await whole.SampleCorpusReadyAsync();
        await using var session = await browser.OpenAsync(whole.Dashboard);
        await session.OpenAsync("/answers", "Answers");
        // A question no other test asks, so its first answer is written for it.
        var question = $"Do you serve oysters with mignonette? ({Guid.NewGuid():N})";

        await session.Field("ask-question").FillAsync(question);
        await session.Field("ask-tenant").FillAsync(DashboardAppFixture.Tenant);
        await session.Page.GetByTestId("ask-submit").ClickAsync();

        await Expect(session.Page.GetByTestId("answer-layer")).ToHaveTextAsync("Written for this question");
        await Expect(session.Page.GetByTestId("answer-text")).Not.ToBeEmptyAsync();
        await Expect(session.Page.GetByTestId("citation").First).ToBeVisibleAsync();
        await Expect(session.Page.GetByTestId("citation-title")).ToContainTextAsync([new Regex("oysters", RegexOptions.IgnoreCase)]);
        await Expect(session.Page.GetByTestId("answer-retrieval")).ToContainTextAsync(new Regex(" from the (hot|cold) tier "));

        await session.Page.GetByTestId("ask-submit").ClickAsync();

        await Expect(session.Page.GetByTestId("answer-layer")).ToHaveTextAsync("From the exact cache");
        await Expect(session.Page.GetByTestId("answer-cache-outcome")).ToHaveTextAsync(new Regex("^hit"));
        await Expect(session.Page.GetByTestId("answer-retrieval")).ToHaveTextAsync("not needed: answered from the exact cache");
        await Expect(session.Page.GetByTestId("answer-cache-entries")).Not.ToHaveTextAsync("0");
        await Expect(session.Page.GetByTestId("ask-problem")).ToHaveCountAsync(0);
        await session.AssertNoErrorAsync();
        await DashboardScreenshots.SaveAsync(session, "answers", output, documented: true);
    }
}
