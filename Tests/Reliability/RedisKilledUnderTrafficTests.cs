using RedisAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Reliability;

/// <summary>
/// Redis killed (SIGKILL) under steady traffic and started again empty, as a cache node without persistence comes
/// back: the Api and the Worker run as processes of their own, and nothing is restarted but Redis.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class RedisKilledUnderTrafficTests(AppOnServers app, ITestOutputHelper output) : IClassFixture<AppOnServers>
{
    // Calls before the fault and after it (2 to 3 s of traffic here), and during it (4 to 5 s).
    private const int PhaseCalls = 150;
    private const int OutageCalls = 300;
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    private static readonly string[] Questions =
    [
        "When does the ferry leave?", "How are insulin pens stored?", "Where do I get a parking permit?", "Is the library open on Sunday?",
    ];

    [Fact]
    public async Task EverySearchAndEmbeddingIsAnsweredThroughoutAndTheAppHealsItselfOnceRedisIsBack()
    {
        var documents = ReliabilityDocument.Create("quayside", 8);
        using var httpClient = app.CreateClient();
        await app.SeedAsync(httpClient, documents);

        // Searches asked for the first time (the model, the tiers) and embeddings of texts asked before (the cache).
        var traffic = SteadyTraffic.Start(3, Pause, (client, sequence, token) => sequence % 2 == 0
            ? AppOnServers.SearchAsync(httpClient, documents[(int)(sequence / 2 % documents.Length)], $"{client}-{sequence}", token)
            : AppOnServers.EmbedAsync(httpClient, Questions[(int)(sequence / 2 % Questions.Length)], token));
        IReadOnlyList<TrafficCall> calls;
        TimeSpan killed, restarted, healed, applied;
        try
        {
            await traffic.CallsSinceAsync(TimeSpan.Zero, PhaseCalls);
            killed = traffic.Now;
            await app.Redis.KillAsync();
            await traffic.CallsSinceAsync(killed, OutageCalls);
            // From the moment the server is started: the app reconnects by itself, whatever the test's own connection does.
            restarted = traffic.Now;
            await app.Redis.StartAgainAsync();

            // Redis came back empty: the hot set is loaded again from PostgreSQL, and writes are applied again.
            await Eventually.HoldsAsync(
                () => Task.FromResult(traffic.Calls.Any(call => call.Kind == "search" && call.Started > restarted && call.Detail == "Hot/Miss")),
                RecoveryDeadline, "searches are answered by the hot tier again");
            healed = traffic.Calls.Where(call => call.Kind == "search" && call.Started > restarted && call.Detail == "Hot/Miss").Min(call => call.Started);
            var write = await app.WriteAsync(httpClient, ReliabilityDocument.Create("quayside", 1, "after-restart"));
            await AppOnServers.CompletedAsync(httpClient, write, RecoveryDeadline);
            applied = traffic.Now;
            await traffic.CallsSinceAsync(applied, PhaseCalls);
        }
        finally
        {
            calls = await traffic.StopAsync();
        }

        var end = traffic.Now;
        output.WriteLine($"Redis killed at {killed.TotalSeconds:0.0} s, back (empty) at {restarted.TotalSeconds:0.0} s; hot tier answering again " +
            $"{(healed - restarted).TotalSeconds:0.0} s later; a write after the restart applied by {(applied - restarted).TotalSeconds:0.0} s.");
        output.WriteLine(TrafficPhases.Table(calls,
        [
            new("before", TimeSpan.Zero, killed), new("Redis down", killed, restarted), new("recovering", restarted, healed), new("after", healed, end),
        ]));
        Assert.All(calls, call => Assert.True(call.Succeeded, call.ToString()));
        Assert.Contains(calls, call => call.Kind == "search" && call.Started > killed && call.Started < restarted && call.Detail == "Cold/Bypassed");
        Assert.False(app.Api.HasExited || app.Worker.HasExited, "the Api and the Worker keep running");
    }
}
