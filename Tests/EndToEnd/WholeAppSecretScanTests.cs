using System.Text;
using Aspire.Hosting.Testing;
using RedisAspire.Tests.EndToEnd.SecretScan;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>
/// Connection strings, tokens, signing keys and passwords never appear in logs, traces, metrics, ProblemDetails,
/// <c>/status</c> or the dashboard: the whole app is taken through its scenarios, and everything it put out is searched
/// for every secret the test knows.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(WholeAppCollection.Name)]
public sealed partial class WholeAppSecretScanTests(ObservedWholeAppFixture whole) : IClassFixture<ObservedWholeAppFixture>
{
    /// <summary>How long after the last request the services may take to export its logs and spans (each exports every second).</summary>
    private static readonly TimeSpan FlushMargin = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan TelemetryDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task NoSecretIsInAnyConsoleTelemetryAnswerOrDashboardPageOfTheWholeAppTakenThroughItsScenarios()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        var secrets = await KnownSecrets.OfAsync(whole.App, timeout.Token);
        Assert.Superset(
            new HashSet<string>(["the secret parameter cache-password", "the secret parameter postgres-password", "the secret parameter dev-signing-key",
                "the connection string of cache", "the connection string of postgres", "the connection string of db"]),
            secrets.All.Select(secret => secret.Name).ToHashSet());
        using var recorder = new ExchangeRecorder(new SocketsHttpHandler());
        var scenarios = new Scenarios(whole, recorder, secrets, timeout.Token);

        await scenarios.RunAsync();
        var ended = DateTimeOffset.UtcNow;
        await Eventually.HoldsAsync(
            async () => await WholeAppTests.PausedAsync(timeout.Token) && TelemetryArrived(scenarios, ended),
            TelemetryDeadline,
            $"every service ({string.Join(", ", whole.Services)}) exports logs, traces and metrics, the Api's and the dashboard's spans of the last requests among them");

        foreach (var token in scenarios.IssuedTokens)
        {
            Assert.True(KnownSecrets.JwtShaped().IsMatch(token), "a token of POST /dev/token is not JWT-shaped: the search for unknown tokens would miss them");
            secrets.Add("a token of POST /dev/token", token);
        }

        var observations = Observations(recorder);
        var leaks = LeakSearch.Find(secrets, observations);
        Assert.True(leaks.Count == 0, $"Secrets where they must not be ({observations.Count} outputs searched):\n{string.Join('\n', leaks.Distinct())}");
    }

    /// <summary>Everything the app put out, but the answers of <c>POST /dev/token</c>, whose purpose is to hand out a token.</summary>
    private List<Observation> Observations(ExchangeRecorder recorder)
    {
        var output = whole.Output.Output;
        foreach (var resource in new[] { "cache", "postgres", "api", "worker", "web" })
        {
            Assert.True(output.Any(log => log.Key.StartsWith(resource, StringComparison.Ordinal) && log.Value.Length > 0), $"no console output of {resource} was recorded");
        }

        return
        [
            .. output.Select(log => Observation.OfText($"the console output of {log.Key}", log.Value)),
            Observation.OfText("the AppHost's log", whole.AppHostLog),
            .. whole.Telemetry.Exports.Select(export => new Observation($"{export.Signal} exported by {export.Service}", export.Body)),
            .. recorder.Exchanges.Where(exchange => exchange.Path != "/dev/token")
                .Select(exchange => Observation.OfText($"the answer to {exchange.Request} ({exchange.Status})", exchange.Answer)),
        ];
    }

    private bool TelemetryArrived(Scenarios scenarios, DateTimeOffset ended)
    {
        var exports = whole.Telemetry.Exports;
        bool Sent(string service, string signal) => exports.Any(export => export.Service == service && export.Signal == signal);
        bool Traced(string service, string marker) => exports.Any(export => export.Service == service && export.Signal == "traces"
            && export.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) >= 0);

        // Metrics are exported every second whatever happens: one sent well after the last request says the logs and
        // spans batched with it have been sent too.
        return whole.Services.All(service => Sent(service, "logs") && Sent(service, "traces")
                && exports.Any(export => export.Service == service && export.Signal == "metrics" && export.ReceivedAt > ended + FlushMargin))
            && Traced("api", scenarios.LastApiPath)
            && Traced("web", scenarios.LastDashboardPath);
    }
}
