using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary>
/// Runs index rebuilds in the background, past the request that asked for them, and stops them when the Api stops
/// (the old version then stays live). Their progress is in the index's status, which every replica reads.
/// </summary>
public sealed partial class IndexRebuilds(IHostApplicationLifetime lifetime, ILogger<IndexRebuilds> logger)
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Starts a rebuild of <paramref name="index"/> and returns once it runs.</summary>
    /// <exception cref="VectorRebuildConflictException">Another rebuild of the index is running, here or on another replica.</exception>
    public async Task StartAsync(IVectorIndex index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        var before = (await index.DescribeAsync(cancellationToken)).Rebuild;
        if (before?.State == VectorRebuildState.Running)
        {
            throw new VectorRebuildConflictException(index.Schema.Name);
        }

        var rebuild = Task.Run(() => index.RebuildAsync(source: null, lifetime.ApplicationStopping), CancellationToken.None);
        _ = rebuild.ContinueWith(
            finished => Log(index, finished),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        // Returns once this rebuild has recorded itself, so the caller's next read shows it; a conflict surfaces here.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartDeadline);
        while (!rebuild.IsCompleted)
        {
            var status = (await index.DescribeAsync(deadline.Token)).Rebuild;
            if (status is { State: VectorRebuildState.Running } && status.StartedAt != before?.StartedAt)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }

        if (rebuild.IsFaulted && rebuild.Exception.InnerException is VectorRebuildConflictException conflict)
        {
            throw conflict;
        }
    }

    private void Log(IVectorIndex index, Task<VectorRebuildStatus> finished)
    {
        if (finished.IsCompletedSuccessfully)
        {
            LogCompleted(logger, index.Schema.Name, finished.Result.Target, finished.Result.Copied);
        }
        else if (finished.Exception?.InnerException is VectorRebuildConflictException)
        {
            LogConflict(logger, index.Schema.Name);
        }
        else
        {
            LogFailed(logger, finished.Exception?.InnerException, index.Schema.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Index {Index}: rebuild swapped in {Target} with {Copied} documents")]
    private static partial void LogCompleted(ILogger logger, string index, string target, long copied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Index {Index}: a rebuild was already running elsewhere")]
    private static partial void LogConflict(ILogger logger, string index);

    [LoggerMessage(Level = LogLevel.Error, Message = "Index {Index}: rebuild failed; the previous version stays live")]
    private static partial void LogFailed(ILogger logger, Exception? exception, string index);
}
