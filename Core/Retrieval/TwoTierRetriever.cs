using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Redis first, PostgreSQL on a miss: the hot tier answers when it finds K documents that pass the filters and its
/// best match reaches the confidence threshold; otherwise, or when it fails or is too slow, PostgreSQL answers and
/// the request still succeeds. Every answer says which tier gave it, why the hot tier did not, and what each cost,
/// and counts one ask for each document answered. A range query is judged as its K nearest, then cut at its distance.
/// A hot tier that keeps failing is skipped for a while (<see cref="HotTierBreak"/>).
/// </summary>
internal sealed partial class TwoTierRetriever(
    IVectorSearch hot,
    IVectorSearch cold,
    IAskCounter asks,
    IOptions<RetrievalOptions> options,
    RetrievalTelemetry telemetry,
    ILogger<TwoTierRetriever> logger,
    TimeProvider? time = null)
{
    private readonly HotTierBreak hotBreak = new(options.Value.HotFailuresBeforeBreak, options.Value.HotBreakDuration, time ?? TimeProvider.System);

    /// <summary>Where its answers are recorded; the result cache in front of it records there too.</summary>
    public RetrievalTelemetry Telemetry => telemetry;

    /// <summary>Answers <paramref name="query"/> from the tier it allows.</summary>
    /// <exception cref="ArgumentException">The query itself is invalid (the same for both tiers).</exception>
    public async Task<RetrievalResult> RetrieveAsync(RetrievalQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = query.Tier switch
        {
            RetrievalTier.Hot => await OnlyAsync(hot, RetrievalTier.Hot, query.Search, cancellationToken).ConfigureAwait(false),
            RetrievalTier.Cold => await OnlyAsync(cold, RetrievalTier.Cold, query.Search, cancellationToken).ConfigureAwait(false),
            RetrievalTier.Auto => await HotThenColdAsync(query.Search, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException($"Tier '{query.Tier}' is unknown; use Auto, Hot or Cold.", "tier"),
        };
        if (query.MaxDistance is { } radius)
        {
            result = result with { Hits = [.. result.Hits.Where(hit => hit.Distance <= radius)] };
        }

        asks.Record(query.Search.Filter?.Tenant, [.. result.Hits.Select(hit => hit.Id)]);
        telemetry.Record(result);
        return result;
    }

    /// <summary>Why the hot tier's hits are not good enough for a query asking K; null when they are.</summary>
    public static HotMissReason? Judge(IReadOnlyList<VectorHit> hits, int k, double confidenceThreshold)
    {
        ArgumentNullException.ThrowIfNull(hits);
        if (hits.Count < k)
        {
            return HotMissReason.TooFewResults;
        }

        return hits.Count > 0 && hits[0].Similarity is { } best && best < confidenceThreshold ? HotMissReason.BelowConfidence : null;
    }

    private static async Task<RetrievalResult> OnlyAsync(IVectorSearch tier, RetrievalTier name, KnnQuery search, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await tier.SearchAsync(search, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return name == RetrievalTier.Hot
            ? new RetrievalResult(RetrievalTier.Hot, result.Hits, null, elapsed, null)
            : new RetrievalResult(RetrievalTier.Cold, result.Hits, null, null, elapsed);
    }

    private async Task<RetrievalResult> HotThenColdAsync(KnnQuery search, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (hits, reason) = hotBreak.Skips
            ? (null, HotMissReason.Failed)
            : await AskHotAsync(search, cancellationToken).ConfigureAwait(false);
        if (hits is not null)
        {
            return new RetrievalResult(RetrievalTier.Hot, hits, null, Stopwatch.GetElapsedTime(started), null);
        }

        var hotElapsed = Stopwatch.GetElapsedTime(started);
        var coldStarted = Stopwatch.GetTimestamp();
        var fallback = await cold.SearchAsync(search, cancellationToken).ConfigureAwait(false);
        return new RetrievalResult(RetrievalTier.Cold, fallback.Hits, reason, hotElapsed, Stopwatch.GetElapsedTime(coldStarted));
    }

    // The hot tier's hits when they are good enough, or why they are not.
    private async Task<(IReadOnlyList<VectorHit>? Hits, HotMissReason Reason)> AskHotAsync(KnnQuery search, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.HotTimeout);
        try
        {
            var answer = await hot.SearchAsync(search, deadline.Token).ConfigureAwait(false);
            if (hotBreak.OnSuccess())
            {
                LogHotTierBack(logger);
            }

            return Judge(answer.Hits, search.K, settings.ConfidenceThreshold) is { } judged ? (null, judged) : (answer.Hits, default);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(settings, exception: null);
            return (null, HotMissReason.TimedOut);
        }
        catch (Exception exception) when (exception is not (ArgumentException or OperationCanceledException))
        {
            Failed(settings, exception);
            return (null, HotMissReason.Failed);
        }
    }

    private void Failed(RetrievalOptions settings, Exception? exception)
    {
        if (exception is not null)
        {
            LogHotTierFailed(logger, exception);
        }

        if (hotBreak.OnFailure())
        {
            LogHotTierSkipped(logger, settings.HotFailuresBeforeBreak, settings.HotBreakDuration.TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The hot tier failed; PostgreSQL answers instead")]
    private static partial void LogHotTierFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The hot tier failed or timed out {Failures} times in a row: searches go to PostgreSQL without asking it for {BreakMilliseconds} ms")]
    private static partial void LogHotTierSkipped(ILogger logger, int failures, double breakMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The hot tier answers again")]
    private static partial void LogHotTierBack(ILogger logger);
}
