using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using RedisAspire.ServiceDefaults.Identity;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>Who may call the Api of a running app: callers with this run's tokens, health probes, and the dashboard as itself.</summary>
public sealed partial class WholeAppTests
{
    [Fact]
    public async Task TheApiRefusesAnonymousCallersAndOtherRunsTokensButAnswersHealthProbesAndTheDashboardCallingAsItself()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var anonymous = whole.App.CreateHttpClient("api");
        using var web = whole.App.CreateHttpClient("web");
        var search = new { text = "Do you serve oysters?", k = 3, filters = new { tenant = "harbor-bistro" } };

        using var unauthenticated = await anonymous.PostAsJsonAsync("/search", search, timeout.Token);
        var problem = await ProblemAsync(unauthenticated, HttpStatusCode.Unauthorized, timeout.Token);
        Assert.Equal("A bearer token is needed", problem.GetProperty("title").GetString());
        Assert.Contains("./eng/token.sh", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A token of an earlier run: signed by an issuer the AppHost made then, and this run's Api has never seen.
        using var earlier = new HttpRequestMessage(HttpMethod.Post, "/search") { Content = JsonContent.Create(search) };
        earlier.Headers.Authorization = new AuthenticationHeaderValue("Bearer", new DevelopmentIssuer(DevelopmentIssuer.NewKey())
            .Issue("developer", ["harbor-bistro"], [CallerClaims.AdminRole], TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
        using var refused = await anonymous.SendAsync(earlier, timeout.Token);
        Assert.Equal("The bearer token was refused", (await ProblemAsync(refused, HttpStatusCode.Unauthorized, timeout.Token)).GetProperty("title").GetString());

        using var health = await anonymous.GetAsync("/health", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // The dashboard's status page reads /status with the dashboard's own token.
        var page = await web.GetStringAsync("/", timeout.Token);
        Assert.DoesNotContain("The Api could not be reached", page, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"redis-version\">\\d+\\.\\d+", page);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
