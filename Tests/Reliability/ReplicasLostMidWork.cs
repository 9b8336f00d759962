using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Api;

namespace RedisAspire.Tests.Reliability;

/// <summary>
/// Two Api replicas and two Workers, each an OS process of its own; one Worker is lost in the middle of a large import
/// and one Api in the middle of steady writes, whose callers retry on the other replica as a load balancer would send
/// them. How each is lost is the scenario's: killed, or stopped as a platform stops it. Every document written must end up
/// stored once, and every operation finish on the survivors.
/// </summary>
public abstract class ReplicasLostMidWork(AppOnServers app)
{
    private const int Imported = 300;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    /// <summary>Runs the scenario for <paramref name="tenant"/>, losing the first Worker and the first Api as given.</summary>
    private protected async Task<LostReplicasRun> RunAsync(string tenant, Func<ServiceProcess, Task> loseWorker, Func<ServiceProcess, Task> loseApi)
    {
        var lostApi = app.Api;
        var survivingApi = await app.StartApiAsync();
        var lostWorker = app.Worker;
        await app.StartWorkerAsync();
        using var lostClient = app.CreateClient(lostApi);
        using var survivingClient = app.CreateClient(survivingApi);

        // Steady writes, each to one replica first and, when no answer comes, to the other: PUT is idempotent, so a
        // write whose answer was lost with its replica is simply written again.
        var written = new ConcurrentDictionary<string, string>();
        var traffic = SteadyTraffic.Start(2, Pause, async (client, sequence, token) =>
        {
            var document = new ReliabilityDocument($"note-{client}-{sequence}", tenant, "Note", $"Note {client}-{sequence} of {tenant}: the towpath reopens after the works.");
            var body = JsonSerializer.Serialize(document.Body, JsonSerializerOptions.Web);
            var first = sequence % 2 == 0 ? lostClient : survivingClient;
            var outcome = await Write(first, document, body, token);
            if (outcome.Status == 0)
            {
                outcome = await Write(first == lostClient ? survivingClient : lostClient, document, body, token) with { Kind = "write (retried)" };
            }

            if (outcome.Status == (int)HttpStatusCode.Accepted)
            {
                written[document.Id] = outcome.Detail!;
            }

            return outcome;
        });

        IReadOnlyList<TrafficCall> calls;
        string import;
        int doneWhenWorkerLost;
        TimeSpan workerLost, apiLost;
        try
        {
            var documents = Enumerable.Range(0, Imported).Select(index => new
            {
                id = $"import-{index}", tenant, language = "en", title = $"Import {index}",
                body = $"Import {index} of {tenant}: moorings, lock hours and the towpath, item {index}.",
            });
            import = (await survivingClient.ExpectAsync(HttpMethod.Post, "/ingest/documents", HttpStatusCode.Accepted, new { documents }))
                .GetProperty("operationId").GetString()!;
            await Eventually.HoldsAsync(async () => await DoneAsync(survivingClient, import) > 0, Deadline, "the import is under way");
            await loseWorker(lostWorker);
            workerLost = traffic.Now;
            doneWhenWorkerLost = await DoneAsync(survivingClient, import);
            await loseApi(lostApi);
            apiLost = traffic.Now;
            await Eventually.HoldsAsync(
                () => Task.FromResult(traffic.Calls.Count(call => call.Started > apiLost && call.Succeeded) >= 20), Deadline, "writes go on after the Api is gone");
        }
        finally
        {
            calls = await traffic.StopAsync();
        }

        var ended = traffic.Now;

        var finished = await AppOnServers.CompletedAsync(survivingClient, [import, .. written.Values], Deadline);
        var ids = Enumerable.Range(0, Imported).Select(index => $"import-{index}").Concat(written.Keys).ToArray();
        foreach (var id in ids)
        {
            var chunks = await survivingClient.ExpectAsync(HttpMethod.Get, $"/documents/{id}/chunks", HttpStatusCode.OK);
            Assert.Equal(1, chunks.GetProperty("total").GetInt32());
        }

        Assert.True(doneWhenWorkerLost < Imported, $"the Worker was lost with the import under way ({doneWhenWorkerLost} of {Imported} done)");
        Assert.All(calls, call => Assert.True(call.Succeeded, call.ToString()));
        return new LostReplicasRun(calls, written.Count, Imported, doneWhenWorkerLost, workerLost, apiLost, ended, finished, ids.Length);
    }

    private static Task<TrafficOutcome> Write(HttpClient client, ReliabilityDocument document, string body, CancellationToken cancellationToken) =>
        AppOnServers.CallAsync(client, "write", HttpMethod.Put, $"/documents/{document.Id}", body, reply => reply.GetProperty("operationId").GetString(), cancellationToken);

    private static async Task<int> DoneAsync(HttpClient client, string operation) =>
        (await client.ExpectAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.OK)).GetProperty("done").GetInt32();
}

/// <summary>What a <see cref="ReplicasLostMidWork"/> scenario saw.</summary>
internal sealed record LostReplicasRun(
    IReadOnlyList<TrafficCall> Calls, int Written, int Imported, int DoneWhenWorkerLost, TimeSpan WorkerLost, TimeSpan ApiLost, TimeSpan Ended, TimeSpan Finished, int Documents)
{
    /// <summary>Writes whose first replica gave no answer, written through the other.</summary>
    public int Retried => Calls.Count(call => call.Kind == "write (retried)");

    /// <summary>The calls by phase: both Apis, then one.</summary>
    public string Table => TrafficPhases.Table(Calls, [new("both Apis", TimeSpan.Zero, ApiLost), new("one Api", ApiLost, Ended)]);
}
