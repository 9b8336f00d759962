using RedisAspire.Core.Caching;

namespace RedisAspire.Tests.Unit.Caching;

[Trait("Category", "Unit")]
public sealed class SingleFlightTests
{
    [Fact]
    public async Task ConcurrentCallersForOneKeyShareOneRun()
    {
        var singleFlight = new SingleFlight();
        var release = new TaskCompletionSource<int>();
        var runs = 0;

        var callers = Enumerable.Range(0, 10).Select(_ => singleFlight.RunAsync("k", () =>
        {
            Interlocked.Increment(ref runs);
            return release.Task;
        }, CancellationToken.None)).ToArray();
        release.SetResult(42);

        Assert.All(await Task.WhenAll(callers), value => Assert.Equal(42, value));
        Assert.Equal(1, runs);
        Assert.False(singleFlight.IsRunning("k"));
    }

    [Fact]
    public async Task OneCallerGivingUpDoesNotCancelTheOthers()
    {
        var singleFlight = new SingleFlight();
        var release = new TaskCompletionSource<string>();
        using var impatient = new CancellationTokenSource();

        var first = singleFlight.RunAsync("k", () => release.Task, impatient.Token);
        var second = singleFlight.RunAsync("k", () => Task.FromResult("never run"), CancellationToken.None);
        await impatient.CancelAsync();
        release.SetResult("shared");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal("shared", await second);
    }

    [Fact]
    public async Task AFailureReachesEveryCallerAndTheNextCallRunsAgain()
    {
        var singleFlight = new SingleFlight();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            singleFlight.RunAsync<int>("k", () => throw new InvalidOperationException("boom"), CancellationToken.None));

        Assert.Equal(7, await singleFlight.RunAsync("k", () => Task.FromResult(7), CancellationToken.None));
    }
}
