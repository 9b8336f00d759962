using RedisAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Reliability;

/// <summary>
/// A Worker and an Api replica stopped with SIGTERM mid-work, as a platform scaling in or rolling out a revision stops
/// them: each exits cleanly well within the platform's grace period, and nothing written is lost or stored twice.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class ReplicasStoppedGracefullyTests(AppOnServers app, ITestOutputHelper output) : ReplicasLostMidWork(app), IClassFixture<AppOnServers>
{
    /// <summary>Azure Container Apps' default termination grace period: a replica still running after it is killed.</summary>
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);

    /// <summary>What a stop may take here, on a loaded two-core machine, with the rest of the grace period to spare.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task EachExitsCleanlyWithinTheGracePeriodAndNothingWrittenIsLost()
    {
        (TimeSpan Took, int ExitCode) worker = default, api = default;

        var run = await RunAsync(
            "lakeside",
            async stopping => worker = await stopping.StopAsync(GracePeriod),
            async stopping => api = await stopping.StopAsync(GracePeriod));

        output.WriteLine($"SIGTERM: the Worker stopped in {worker.Took.TotalSeconds:0.0} s (exit code {worker.ExitCode}), the Api in " +
            $"{api.Took.TotalSeconds:0.0} s (exit code {api.ExitCode}); {run.Written} single writes accepted, {run.Retried} of them on the other " +
            $"replica after the first was refused; every operation complete {run.Finished.TotalSeconds:0.0} s after the traffic stopped; " +
            $"{run.Documents} documents, each stored once.");
        output.WriteLine(run.Table);
        Assert.Equal((0, 0), (worker.ExitCode, api.ExitCode));
        Assert.True(worker.Took < StopBound, $"the Worker took {worker.Took.TotalSeconds:0.0} s to stop");
        Assert.True(api.Took < StopBound, $"the Api took {api.Took.TotalSeconds:0.0} s to stop");
    }
}
