using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Api;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Reliability;

/// <summary>
/// An Api replica and a Worker stopped with SIGTERM, as a platform scaling in or rolling out a revision stops them,
/// under steady writes and in the middle of an import: each exits cleanly well within the platform's grace period, the
/// Worker hands back what it had not finished, and every write and document ends up stored once.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class ReplicasStoppedGracefullyTests(AppOnServers app, ITestOutputHelper output) : IClassFixture<AppOnServers>
{
    private const int Imported = 300;
    private const string Tenant = "lakeside";
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    /// <summary>Azure Container Apps' default termination grace period: a replica still running after it is killed.</summary>
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);

    /// <summary>What a stop may take here, on a loaded two-core machine, with the rest of the grace period to spare.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task EachExitsCleanlyWithinTheGracePeriodAndNothingWrittenIsLost()
    {
        var stoppingApi = app.Api;
        var survivingApi = await app.StartApiAsync();
        var stoppingWorker = app.Worker;
        await app.StartWorkerAsync();
        using var stoppingClient = app.CreateClient(stoppingApi);
        using var survivingClient = app.CreateClient(survivingApi);

        var written = new ConcurrentDictionary<string, string>();
        var traffic = SteadyTraffic.Start(2, Pause, async (client, sequence, token) =>
        {
            var document = new ReliabilityDocument($"memo-{client}-{sequence}", Tenant, "Memo", $"Lakeside memo {client}-{sequence}: the jetty is repainted.");
            var body = JsonSerializer.Serialize(document.Body, JsonSerializerOptions.Web);
            var first = sequence % 2 == 0 ? stoppingClient : survivingClient;
            var outcome = await Write(first, document, body, token);
            if (outcome.Status == 0)
            {
                outcome = await Write(first == stoppingClient ? survivingClient : stoppingClient, document, body, token) with { Kind = "write (retried)" };
            }

            if (outcome.Status == (int)HttpStatusCode.Accepted)
            {
                written[document.Id] = outcome.Detail!;
            }

            return outcome;
        });

        IReadOnlyList<TrafficCall> calls;
        string import;
        (TimeSpan Took, int ExitCode) worker, api;
        TimeSpan apiStopped;
        try
        {
            var documents = Enumerable.Range(0, Imported).Select(index => new
            {
                id = $"import-{index}", tenant = Tenant, language = "en", title = $"Import {index}",
                body = $"Lakeside import {index}: boat hire, opening hours and the jetty, item {index}.",
            });
            import = (await survivingClient.ExpectAsync(HttpMethod.Post, "/ingest/documents", HttpStatusCode.Accepted, new { documents }))
                .GetProperty("operationId").GetString()!;
            await Eventually.HoldsAsync(async () => await DoneAsync(survivingClient, import) > 0, Deadline, "the import is under way");
            worker = await stoppingWorker.StopAsync(GracePeriod);
            api = await stoppingApi.StopAsync(GracePeriod);
            apiStopped = traffic.Now;
            await Eventually.HoldsAsync(
                () => Task.FromResult(traffic.Calls.Count(call => call.Started > apiStopped && call.Succeeded) >= 20), Deadline, "writes go on after the Api stopped");
        }
        finally
        {
            calls = await traffic.StopAsync();
        }

        var finished = await AppOnServers.CompletedAsync(survivingClient, [import, .. written.Values], Deadline);
        var ids = Enumerable.Range(0, Imported).Select(index => $"import-{index}").Concat(written.Keys).ToArray();
        foreach (var id in ids)
        {
            var chunks = await survivingClient.ExpectAsync(HttpMethod.Get, $"/documents/{id}/chunks", HttpStatusCode.OK);
            Assert.Equal(1, chunks.GetProperty("total").GetInt32());
        }

        output.WriteLine($"SIGTERM: the Worker stopped in {worker.Took.TotalSeconds:0.0} s (exit code {worker.ExitCode}), the Api in " +
            $"{api.Took.TotalSeconds:0.0} s (exit code {api.ExitCode}); {written.Count} single writes accepted, " +
            $"{calls.Count(call => call.Kind == "write (retried)")} of them on the other replica after the first was refused; every operation complete " +
            $"{finished.TotalSeconds:0.0} s after the traffic stopped; {ids.Length} documents, each stored once.");
        output.WriteLine(TrafficPhases.Table(calls, [new("both Apis", TimeSpan.Zero, apiStopped), new("one Api", apiStopped, traffic.Now)]));
        Assert.Equal((0, 0), (worker.ExitCode, api.ExitCode));
        Assert.True(worker.Took < StopBound, $"the Worker took {worker.Took.TotalSeconds:0.0} s to stop");
        Assert.True(api.Took < StopBound, $"the Api took {api.Took.TotalSeconds:0.0} s to stop");
        Assert.All(calls, call => Assert.True(call.Succeeded, call.ToString()));
    }

    private static Task<TrafficOutcome> Write(HttpClient client, ReliabilityDocument document, string body, CancellationToken cancellationToken) =>
        AppOnServers.CallAsync(client, "write", HttpMethod.Put, $"/documents/{document.Id}", body, reply => reply.GetProperty("operationId").GetString(), cancellationToken);

    private static async Task<int> DoneAsync(HttpClient client, string operation) =>
        (await client.ExpectAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.OK)).GetProperty("done").GetInt32();
}
