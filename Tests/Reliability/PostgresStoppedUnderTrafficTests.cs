using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Api;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Reliability;

/// <summary>
/// PostgreSQL stopped under steady traffic of searches and document writes, then started again: the Api and the
/// Worker run as processes of their own, and nothing is restarted but PostgreSQL.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class PostgresStoppedUnderTrafficTests(AppOnServers app, ITestOutputHelper output) : IClassFixture<AppOnServers>
{
    // Calls before the fault and after it (2 to 3 s of traffic here), and during it (4 to 5 s).
    private const int PhaseCalls = 150;
    private const int OutageCalls = 300;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task HotSearchesKeepAnsweringAndEveryWriteAcceptedMeanwhileIsAppliedOnceItIsBack()
    {
        var documents = ReliabilityDocument.Create("quayside", 8);
        using var client = app.CreateClient();
        await app.SeedAsync(client, documents);

        // Searches asked for the first time, so the hot tier answers each; every third call writes a new document of
        // another tenant, so the searches' answers do not change.
        var accepted = new ConcurrentDictionary<string, string>();
        var traffic = SteadyTraffic.Start(3, Pause, async (clientIndex, sequence, token) =>
        {
            if (sequence % 3 != 2)
            {
                return await AppOnServers.SearchAsync(client, documents[(int)(sequence % documents.Length)], $"{clientIndex}-{sequence}", token);
            }

            var document = new ReliabilityDocument($"written-{clientIndex}-{sequence}", "inland", "Note", $"Note {clientIndex}-{sequence} about the harbour works.");
            var outcome = await AppOnServers.CallAsync(
                client, "write", HttpMethod.Put, $"/documents/{document.Id}", JsonSerializer.Serialize(document.Body, JsonSerializerOptions.Web),
                reply => reply.GetProperty("operationId").GetString(), token);
            if (outcome.Status == (int)HttpStatusCode.Accepted)
            {
                accepted[document.Id] = outcome.Detail!;
            }

            return outcome with { Detail = outcome.Status == (int)HttpStatusCode.Accepted ? "accepted" : outcome.Detail };
        });
        IReadOnlyList<TrafficCall> calls;
        TimeSpan stopped, restarted;
        try
        {
            await traffic.CallsSinceAsync(TimeSpan.Zero, PhaseCalls);
            stopped = traffic.Now;
            await app.Postgres.StopAsync();
            await traffic.CallsSinceAsync(stopped, OutageCalls);
            await app.Postgres.StartAgainAsync();
            restarted = traffic.Now;
            await traffic.CallsSinceAsync(restarted, PhaseCalls);
        }
        finally
        {
            calls = await traffic.StopAsync();
        }

        var end = traffic.Now;
        var writtenWhileDown = calls.Count(call => call.Kind == "write" && call.Succeeded && call.Started >= stopped && call.Started < restarted);
        var caughtUp = await AppOnServers.CompletedAsync(client, [.. accepted.Values], AppOnServers.WriteDeadline);
        foreach (var id in accepted.Keys)
        {
            await client.ExpectAsync(HttpMethod.Get, $"/documents/{id}", HttpStatusCode.OK);
        }

        output.WriteLine($"PostgreSQL stopped at {stopped.TotalSeconds:0.0} s, back at {restarted.TotalSeconds:0.0} s; {accepted.Count} writes accepted " +
            $"({writtenWhileDown} while it was down), all applied {caughtUp.TotalSeconds:0.0} s after the traffic stopped, none lost.");
        output.WriteLine(TrafficPhases.Table(calls, [new("before", TimeSpan.Zero, stopped), new("PostgreSQL down", stopped, restarted), new("after", restarted, end)]));
        Assert.All(calls, call => Assert.True(call.Succeeded, call.ToString()));
        Assert.All(calls.Where(call => call.Kind == "search"), call => Assert.Equal("Hot/Miss", call.Detail));
        Assert.True(writtenWhileDown > 0, "writes were accepted while PostgreSQL was down");
        Assert.False(app.Api.HasExited || app.Worker.HasExited, "the Api and the Worker keep running");
    }
}
