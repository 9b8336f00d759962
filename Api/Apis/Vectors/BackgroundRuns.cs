namespace RedisAspire.Api.Apis.Vectors;

/// <summary>
/// Runs long work (index rebuilds, hot-set refreshes) in the background, past the request that asked for it, and
/// cancels it when the Api stops. Its progress is recorded in Redis by the work itself, for every replica to show.
/// </summary>
public sealed partial class BackgroundRuns(IHostApplicationLifetime lifetime, ILogger<BackgroundRuns> logger)
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts <paramref name="run"/> and returns once <paramref name="hasStarted"/> says it has recorded itself (so the
    /// caller's next read shows it), or once it has finished; an <see cref="InvalidOperationException"/> it throws
    /// straight away (another run holds the lock) is thrown here.
    /// </summary>
    public async Task StartAsync(
        string what, Func<CancellationToken, Task> run, Func<CancellationToken, Task<bool>> hasStarted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(hasStarted);
        var running = Task.Run(() => run(lifetime.ApplicationStopping), CancellationToken.None);
        _ = running.ContinueWith(
            finished => Log(what, finished),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartDeadline);
        while (!running.IsCompleted && !await hasStarted(deadline.Token))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }

        if (running.IsFaulted && running.Exception.InnerException is InvalidOperationException refused)
        {
            throw refused;
        }
    }

    private void Log(string what, Task finished)
    {
        if (finished.IsCompletedSuccessfully)
        {
            LogCompleted(logger, what);
        }
        else if (finished.Exception?.InnerException is not InvalidOperationException)
        {
            LogFailed(logger, finished.Exception?.InnerException, what);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{What} completed")]
    private static partial void LogCompleted(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} failed; what was live stays live")]
    private static partial void LogFailed(ILogger logger, Exception? exception, string what);
}
