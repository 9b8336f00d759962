using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Loads the first hot set as soon as there is something to load, instead of at the next scheduled refresh: until
/// then every search goes to PostgreSQL. While the live hot tier is empty, it checks every
/// <see cref="HotSetOptions.ColdStartInterval"/> whether PostgreSQL holds documents, their count has not changed since
/// the previous check and the ingestion queue holds nothing waiting or being handled (so an import is loaded whole, not
/// its first batch); then it refreshes once (with no asks yet, that is the newest documents) and stops watching. It
/// stops at once when the hot tier holds documents, waits while any refresh runs (a manual one, or another Worker's),
/// and leaves a refresh that another replica starts first to that replica.
/// </summary>
public sealed partial class HotSetColdStart(
    EmbeddingSpaces spaces,
    IngestionQueue queue,
    IOptions<HotSetOptions> options,
    TimeProvider time,
    ILogger<HotSetColdStart> logger) : BackgroundService
{
    private long? lastCount;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ColdStartInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        while (true)
        {
            try
            {
                if (await CheckAsync(stoppingToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A server that is down now may be up at the next check; the hot tier stays as it is meanwhile.
                LogCheckFailed(logger, exception);
            }

            await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One check: loads the hot set when it is time; whether watching is over.</summary>
    internal async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        var space = spaces.Live;
        var held = await space.Hot.CountAsync(cancellationToken).ConfigureAwait(false);
        if (held > 0)
        {
            LogNotNeeded(logger, held, space.Hot.Schema.Name);
            return true;
        }

        // A refresh under way (asked for on the Api, scheduled, or another Worker's cold start) fills the hot tier itself.
        if (await space.HotSet.ReadStatusAsync(cancellationToken).ConfigureAwait(false) is { State: VectorRebuildState.Running })
        {
            return false;
        }

        var count = await space.Cold.CountAsync(cancellationToken).ConfigureAwait(false);
        var settled = count > 0 && count == lastCount;
        lastCount = count;
        if (!settled || (await queue.DepthAsync(cancellationToken).ConfigureAwait(false)).Length > 0)
        {
            return false;
        }

        HotSetRefreshStatus status;
        try
        {
            status = await space.HotSet.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HotSetRefreshConflictException)
        {
            // Another refresh took the lock since the status was read: the next check sees what it loaded.
            return false;
        }

        LogLoaded(logger, status.Loaded, count, space.Hot.Schema.Name);

        // Documents deleted since the count leave nothing to load: watching goes on.
        return status.Loaded > 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hot set: the hot tier {Index} holds {Documents} documents; no cold-start load is needed")]
    private static partial void LogNotNeeded(ILogger logger, long documents, string index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hot set: cold start: loaded {Loaded} documents into the empty hot tier {Index} once PostgreSQL held {Held} and the ingestion queue was empty")]
    private static partial void LogLoaded(ILogger logger, long loaded, long held, string index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hot set: the cold-start check failed; it is tried again")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
