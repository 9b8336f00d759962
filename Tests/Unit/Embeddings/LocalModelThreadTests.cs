using RedisAspire.Core.Embeddings;

namespace RedisAspire.Tests.Unit.Embeddings;

[Trait("Category", "Unit")]
public sealed class LocalModelThreadTests
{
    [Fact]
    public async Task WorkRunsOnAThreadOfItsOwnAndNotOnTheThreadPool()
    {
        using var modelThread = new LocalModelThread();

        var (poolThread, name) = await modelThread.RunAsync(() => (Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(poolThread);
        Assert.Equal("Local embedding model", name);
    }

    [Fact]
    public async Task ItemsRunOneAtATimeInTheOrderTheyCame()
    {
        using var modelThread = new LocalModelThread();
        var running = 0;
        var mostAtOnce = 0;
        var order = new List<int>();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(index => modelThread.RunAsync(() =>
        {
            mostAtOnce = Math.Max(mostAtOnce, Interlocked.Increment(ref running));
            order.Add(index);
            Thread.SpinWait(10_000);
            Interlocked.Decrement(ref running);
            return index;
        }, CancellationToken.None))).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, mostAtOnce);
        Assert.Equal(Enumerable.Range(0, 20), order);
    }

    [Fact]
    public async Task ACallerThatCancelsWhileTheThreadIsBusyStopsWaitingAndItsItemNeverRuns()
    {
        using var modelThread = new LocalModelThread();
        using var busy = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var ranLater = false;
        var first = modelThread.RunAsync(() =>
        {
            started.Set();
            busy.Wait();
            return 1;
        }, CancellationToken.None);
        started.Wait(TimeSpan.FromSeconds(10));
        using var cancel = new CancellationTokenSource();
        var second = modelThread.RunAsync(() => ranLater = true, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(TimeSpan.FromSeconds(10)));
        busy.Set();
        Assert.Equal(1, await first.WaitAsync(TimeSpan.FromSeconds(10)));
        // An item queued after the cancelled one runs only once the thread has passed it by.
        await modelThread.RunAsync(() => true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(ranLater);
    }

    [Fact]
    public async Task AnExceptionOfTheWorkIsTheCallersAndTheThreadGoesOn()
    {
        using var modelThread = new LocalModelThread();

        var failed = modelThread.RunAsync<int>(() => throw new InvalidOperationException("model failed"), CancellationToken.None);

        Assert.Equal("model failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => failed.WaitAsync(TimeSpan.FromSeconds(10)))).Message);
        Assert.Equal(2, await modelThread.RunAsync(() => 2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
