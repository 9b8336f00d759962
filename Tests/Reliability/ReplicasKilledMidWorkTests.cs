using RedisAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Reliability;

/// <summary>
/// A Worker and an Api replica killed with SIGKILL mid-work, as a crashed container or a lost machine: the killed
/// Worker's messages are taken over by the other, callers retry on the other Api, nothing is lost or stored twice.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class ReplicasKilledMidWorkTests(AppOnServers app, ITestOutputHelper output) : ReplicasLostMidWork(app), IClassFixture<AppOnServers>
{
    [Fact]
    public async Task EveryDocumentIsStoredOnceAndEveryOperationFinishesOnTheSurvivors()
    {
        var run = await RunAsync("riverside", worker => worker.KillAsync(), api => api.KillAsync());

        output.WriteLine($"The import of {run.Imported} documents had {run.DoneWhenWorkerLost} done when a Worker was killed at {run.WorkerLost.TotalSeconds:0.0} s; " +
            $"an Api was killed at {run.ApiLost.TotalSeconds:0.0} s; {run.Written} single writes accepted, {run.Retried} of them on the other replica " +
            $"after no answer; every operation complete {run.Finished.TotalSeconds:0.0} s after the traffic stopped; {run.Documents} documents, each stored once.");
        output.WriteLine(run.Table);
    }
}
