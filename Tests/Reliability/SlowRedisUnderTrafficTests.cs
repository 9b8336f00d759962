using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Reliability;

/// <summary>
/// Redis that stops answering without closing its connections (<c>CLIENT PAUSE</c>: a stalled node, a long fork, a
/// network that drops packets) under steady traffic: the Api's timeouts and breakers answer from the model and
/// PostgreSQL instead, so no call waits for Redis to come back.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class SlowRedisUnderTrafficTests(AppOnServers app, ITestOutputHelper output) : IClassFixture<AppOnServers>
{
    // Calls before the pause and after it: 2 to 3 s of traffic each here.
    private const int PhaseCalls = 150;
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Between = TimeSpan.FromMilliseconds(20);

    private static readonly string[] Questions = ["When does the ferry leave?", "How are insulin pens stored?", "Is the library open on Sunday?"];

    [Fact]
    public async Task EveryCallIsAnsweredAndNoneWaitsForRedisToAnswerAgain()
    {
        var documents = ReliabilityDocument.Create("quayside", 8);
        using var client = app.CreateClient();
        await app.SeedAsync(client, documents);
        // Its own commands wait out the pause too, so its timeouts outlast it.
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{app.Redis.ConnectionString},allowAdmin=true,syncTimeout=20000,asyncTimeout=20000");

        var traffic = SteadyTraffic.Start(3, Between, (clientIndex, sequence, token) => sequence % 2 == 0
            ? AppOnServers.SearchAsync(client, documents[(int)(sequence / 2 % documents.Length)], $"{clientIndex}-{sequence}", token)
            : AppOnServers.EmbedAsync(client, Questions[(int)(sequence / 2 % Questions.Length)], token));
        IReadOnlyList<TrafficCall> calls;
        TimeSpan paused, resumed;
        try
        {
            await traffic.CallsSinceAsync(TimeSpan.Zero, PhaseCalls);
            paused = traffic.Now;
            await admin.GetServers()[0].ExecuteAsync("CLIENT", "PAUSE", ((long)Pause.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "ALL");

            // Redis answers this PING only once the pause is over.
            await admin.GetDatabase().PingAsync();
            resumed = traffic.Now;
            await traffic.CallsSinceAsync(resumed, PhaseCalls);
        }
        finally
        {
            calls = await traffic.StopAsync();
        }

        var end = traffic.Now;
        var duringPause = calls.Where(call => call.Started >= paused && call.Started < resumed).ToArray();
        output.WriteLine($"Redis paused (CLIENT PAUSE {Pause.TotalSeconds:0} s ALL) at {paused.TotalSeconds:0.0} s; {duringPause.Length} calls started during the pause, the slowest took {duringPause.Max(call => call.Elapsed).TotalMilliseconds:0} ms.");
        output.WriteLine(TrafficPhases.Table(calls, [new("before", TimeSpan.Zero, paused), new("Redis paused", paused, resumed), new("after", resumed, end)]));
        Assert.All(calls, call => Assert.True(call.Succeeded, call.ToString()));
        Assert.True(duringPause.Length > 20, $"calls went on during the pause ({duringPause.Length})");
        // A call that waited for Redis would take the rest of the pause; the bound is half of it.
        Assert.All(duringPause, call => Assert.True(call.Elapsed < Pause / 2, call.ToString()));
    }
}
