using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Loads the hot set whenever the live hot tier is empty while PostgreSQL holds documents, instead of at the next
/// scheduled refresh: on a fresh app, and after Redis lost its data (a restart without persistence, a failover to an
/// empty node); meanwhile every search goes to PostgreSQL. Every <see cref="HotSetOptions.ColdStartInterval"/> it counts
/// the hot tier (one cheap command); when it is empty, it loads once PostgreSQL holds documents, their count has not
/// changed since the previous check and the ingestion queue holds nothing waiting or being handled (so an import is
/// loaded whole, not its first batch). The load is a refresh (with no asks, the newest documents). It waits while any
/// refresh runs (a manual one, or another Worker's), and leaves a refresh that another replica starts first to that
/// replica.
/// </summary>
public sealed partial class HotSetColdStart(
    EmbeddingSpaces spaces,
    IngestionQueue queue,
    IOptions<HotSetOptions> options,
    TimeProvider time,
    ILogger<HotSetColdStart> logger) : BackgroundService
{
    private long? lastCount;

    // Whether the last check found documents (null before the first): each change is logged once.
    private bool? holding;

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
                await CheckAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A server that is down now may be up at the next check; the hot tier stays as it is meanwhile.
                LogCheckFailed(logger, exception);
            }

            await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One check: loads the hot set when it is time; whether the hot tier holds documents afterwards.</summary>
    internal async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        var space = spaces.Live;
        var held = await space.Hot.CountAsync(cancellationToken).ConfigureAwait(false);
        if (held > 0)
        {
            if (holding != true)
            {
                LogHolding(logger, held, space.Hot.Schema.Name);
            }

            holding = true;
            lastCount = null;
            return true;
        }

        if (holding == true)
        {
            LogEmptied(logger, space.Hot.Schema.Name);
        }

        holding = false;

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
        return status.Loaded > 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hot set: the hot tier {Index} holds {Documents} documents; no cold-start load is needed")]
    private static partial void LogHolding(ILogger logger, long documents, string index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hot set: the hot tier {Index} is empty although it held documents (Redis lost its data?); it is loaded again once PostgreSQL's count settles")]
    private static partial void LogEmptied(ILogger logger, string index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hot set: cold start: loaded {Loaded} documents into the empty hot tier {Index} once PostgreSQL held {Held} and the ingestion queue was empty")]
    private static partial void LogLoaded(ILogger logger, long loaded, long held, string index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hot set: the cold-start check failed; it is tried again")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
