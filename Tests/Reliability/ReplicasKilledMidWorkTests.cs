using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Api;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Reliability;

/// <summary>
/// Two Api replicas and two Workers, each an OS process of its own; one Worker is killed (SIGKILL) in the middle of a
/// large import and one Api in the middle of steady writes, whose callers retry on the other replica as a load balancer
/// would send them: every document written ends up stored once, and every operation finishes on the survivors.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class ReplicasKilledMidWorkTests(AppOnServers app, ITestOutputHelper output) : IClassFixture<AppOnServers>
{
    private const int Imported = 300;
    private const string Tenant = "riverside";
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task EveryDocumentIsStoredOnceAndEveryOperationFinishesOnTheSurvivors()
    {
        var doomedApi = app.Api;
        var survivingApi = await app.StartApiAsync();
        var doomedWorker = app.Worker;
        await app.StartWorkerAsync();
        using var doomedClient = app.CreateClient(doomedApi);
        using var survivingClient = app.CreateClient(survivingApi);

        // Steady writes, each to one replica first and, when no answer comes, to the other: PUT is idempotent, so a
        // write whose answer was lost with its replica is simply written again.
        var written = new ConcurrentDictionary<string, string>();
        var traffic = SteadyTraffic.Start(2, Pause, async (client, sequence, token) =>
        {
            var document = new ReliabilityDocument($"note-{client}-{sequence}", Tenant, "Note", $"Riverside note {client}-{sequence}: the towpath reopens after the works.");
            var body = JsonSerializer.Serialize(document.Body, JsonSerializerOptions.Web);
            var first = sequence % 2 == 0 ? doomedClient : survivingClient;
            var outcome = await Write(first, document, body, token);
            if (outcome.Status == 0)
            {
                outcome = await Write(first == doomedClient ? survivingClient : doomedClient, document, body, token) with { Kind = "write (retried)" };
            }

            if (outcome.Status == (int)HttpStatusCode.Accepted)
            {
                written[document.Id] = outcome.Detail!;
            }

            return outcome;
        });

        IReadOnlyList<TrafficCall> calls;
        string import;
        int doneWhenKilled;
        TimeSpan workerKilled, apiKilled;
        try
        {
            var documents = Enumerable.Range(0, Imported).Select(index => new
            {
                id = $"import-{index}", tenant = Tenant, language = "en", title = $"Import {index}",
                body = $"Riverside import {index}: moorings, lock hours and the towpath, item {index}.",
            });
            import = (await survivingClient.ExpectAsync(HttpMethod.Post, "/ingest/documents", HttpStatusCode.Accepted, new { documents }))
                .GetProperty("operationId").GetString()!;
            await Eventually.HoldsAsync(async () => await DoneAsync(survivingClient, import) > 0, Deadline, "the import is under way");
            await doomedWorker.KillAsync();
            workerKilled = traffic.Now;
            doneWhenKilled = await DoneAsync(survivingClient, import);
            await doomedApi.KillAsync();
            apiKilled = traffic.Now;
            await Eventually.HoldsAsync(
                () => Task.FromResult(traffic.Calls.Count(call => call.Started > apiKilled && call.Succeeded) >= 20), Deadline, "writes go on after the Api's death");
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

        output.WriteLine($"The import of {Imported} documents had {doneWhenKilled} done when a Worker was killed at {workerKilled.TotalSeconds:0.0} s; " +
            $"an Api was killed at {apiKilled.TotalSeconds:0.0} s; {written.Count} single writes accepted, " +
            $"{calls.Count(call => call.Kind == "write (retried)")} of them on the other replica after no answer; every operation complete " +
            $"{finished.TotalSeconds:0.0} s after the traffic stopped; {ids.Length} documents, each stored once.");
        output.WriteLine(TrafficPhases.Table(calls, [new("both Apis", TimeSpan.Zero, apiKilled), new("one Api", apiKilled, traffic.Now)]));
        Assert.True(doneWhenKilled < Imported, $"the Worker was killed with the import under way ({doneWhenKilled} of {Imported} done)");
        Assert.All(calls, call => Assert.True(call.Succeeded, call.ToString()));
    }

    private static Task<TrafficOutcome> Write(HttpClient client, ReliabilityDocument document, string body, CancellationToken cancellationToken) =>
        AppOnServers.CallAsync(client, "write", HttpMethod.Put, $"/documents/{document.Id}", body, reply => reply.GetProperty("operationId").GetString(), cancellationToken);

    private static async Task<int> DoneAsync(HttpClient client, string operation) =>
        (await client.ExpectAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.OK)).GetProperty("done").GetInt32();
}
