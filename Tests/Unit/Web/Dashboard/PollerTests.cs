extern alias Web;

using Microsoft.Extensions.Time.Testing;
using Web::RedisAspire.Web.Services;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>The loop behind every refreshing page: once per period, never two polls at once, stopped with the page.</summary>
[Trait("Category", "Unit")]
public sealed class PollerTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task EachPeriodPollsOnceAndAPollOutlastingSeveralPeriodsIsFollowedByOneNotByABacklog()
    {
        var polls = 0;
        var release = new SemaphoreSlim(0);
        var polled = new SemaphoreSlim(0);
        await using var poller = new Poller(Period, async cancellationToken =>
        {
            Interlocked.Increment(ref polls);
            polled.Release();
            await release.WaitAsync(cancellationToken);
        }, _ => Task.CompletedTask, time);

        Assert.Equal(0, polls);
        time.Advance(Period);
        Assert.True(await polled.WaitAsync(TimeSpan.FromSeconds(10)));
        time.Advance(Period * 5);

        release.Release();
        Assert.True(await polled.WaitAsync(TimeSpan.FromSeconds(10)));
        release.Release();

        Assert.Equal(2, Volatile.Read(ref polls));
        time.Advance(Period);
        Assert.True(await polled.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, Volatile.Read(ref polls));
        release.Release();
    }

    [Fact]
    public async Task DisposingCancelsThePollUnderWayAndWaitsForIt()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = false;
        var poller = new Poller(Period, async cancellationToken =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                ended = true;
            }
        }, _ => Task.CompletedTask, time);
        time.Advance(Period);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await poller.DisposeAsync();

        Assert.True(ended);
    }

    [Fact]
    public async Task AFailureThatIsNotTheApisStopsTheLoopAndIsHandedOn()
    {
        var handed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bug = new InvalidOperationException("a page's bug");
        await using var poller = new Poller(Period, _ => throw bug, exception =>
        {
            handed.SetResult(exception);
            return Task.CompletedTask;
        }, time);

        time.Advance(Period);

        Assert.Same(bug, await handed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
