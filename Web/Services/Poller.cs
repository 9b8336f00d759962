namespace RedisAspire.Web.Services;

/// <summary>
/// Calls a refresh once per period, from one period after it starts, until disposed. The next call waits for the previous one: a slow Api
/// delays the polls rather than piling them up (the timer keeps at most one tick pending).
/// </summary>
public sealed class Poller : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly PeriodicTimer timer;
    private readonly Task loop;

    /// <param name="period">The time between the starts of two polls, when a poll takes less than that.</param>
    /// <param name="poll">The refresh; it handles the Api's failures itself.</param>
    /// <param name="onFailure">What to do with anything else it throws (a page passes it to its renderer); the loop stops.</param>
    /// <param name="time">The clock, so that tests can move it.</param>
    public Poller(TimeSpan period, Func<CancellationToken, Task> poll, Func<Exception, Task> onFailure, TimeProvider time)
    {
        timer = new PeriodicTimer(period, time);
        loop = RunAsync(poll, onFailure, stopping.Token);
    }

    private async Task RunAsync(Func<CancellationToken, Task> poll, Func<Exception, Task> onFailure, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await poll(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            await onFailure(exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        timer.Dispose();
        await loop;
        stopping.Dispose();
    }
}
