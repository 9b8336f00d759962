using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RedisAspire.Core.Answers.Semantic;

/// <summary>
/// Measures false semantic hits: a share of hits (<c>Answers:Semantic:AuditShare</c>) is recomputed in the background
/// by the caller's delegate, and the documents the fresh answer cites are compared with the cached answer's. The
/// queue and the number of recomputations at once are bounded; offering a hit never waits, and a hit that finds the
/// queue full is dropped and counted.
/// </summary>
public sealed partial class SemanticAnswerAudit : IAsyncDisposable
{
    private readonly Channel<Sample> queue;
    private readonly SemanticAnswerCacheOptions options;
    private readonly ILogger<SemanticAnswerAudit> logger;
    private readonly Func<double> draw;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task[] workers;
    private long queued;
    private long audited;
    private long falseHits;
    private long dropped;
    private long failed;

    /// <param name="options">The share, queue capacity, concurrency and timeout.</param>
    /// <param name="logger">Where false hits and failed recomputations are logged.</param>
    public SemanticAnswerAudit(IOptions<SemanticAnswerCacheOptions> options, ILogger<SemanticAnswerAudit> logger)
        : this(options, logger, Random.Shared.NextDouble)
    {
    }

    /// <param name="options">The share, queue capacity, concurrency and timeout.</param>
    /// <param name="logger">Where false hits and failed recomputations are logged.</param>
    /// <param name="draw">A number in [0, 1) per offered hit; the hit is audited when it is below the share.</param>
    internal SemanticAnswerAudit(IOptions<SemanticAnswerCacheOptions> options, ILogger<SemanticAnswerAudit> logger, Func<double> draw)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        this.draw = draw ?? throw new ArgumentNullException(nameof(draw));
        queue = Channel.CreateBounded<Sample>(new BoundedChannelOptions(this.options.AuditQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = this.options.AuditConcurrency == 1,
        });
        workers = [.. Enumerable.Range(0, this.options.AuditConcurrency).Select(_ => Task.Run(RunAsync))];
    }

    /// <summary>
    /// Offers a hit for audit: with probability <c>AuditShare</c> it is queued for <paramref name="recompute"/>, which
    /// must compute a fresh answer to the new question (without any cache) and return the ids of the documents it
    /// cites. Returns at once.
    /// </summary>
    public SemanticAuditOutcome Offer(SemanticScope scope, SemanticHit hit, Func<CancellationToken, Task<IReadOnlyCollection<string>>> recompute)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(hit);
        ArgumentNullException.ThrowIfNull(recompute);
        if (options.AuditShare <= 0 || draw() >= options.AuditShare)
        {
            return SemanticAuditOutcome.NotSampled;
        }

        // TryWrite on a full Wait-mode channel returns false instead of waiting: the caller is never held up.
        if (!queue.Writer.TryWrite(new Sample(scope, hit, recompute)))
        {
            Interlocked.Increment(ref dropped);
            return SemanticAuditOutcome.Dropped;
        }

        Interlocked.Increment(ref queued);
        return SemanticAuditOutcome.Queued;
    }

    /// <summary>The counters now.</summary>
    public SemanticAuditSnapshot Snapshot() => new(
        Interlocked.Read(ref queued),
        Interlocked.Read(ref audited),
        Interlocked.Read(ref falseHits),
        Interlocked.Read(ref dropped),
        Interlocked.Read(ref failed));

    /// <summary>
    /// Whether a hit was false: the fresh answer and the cached one share no cited document while at least one of
    /// them cites something. Two answers that both cite nothing (both found nothing to draw on) agree.
    /// </summary>
    public static bool IsFalseHit(IReadOnlyCollection<string> cached, IReadOnlyCollection<string> fresh)
    {
        ArgumentNullException.ThrowIfNull(cached);
        ArgumentNullException.ThrowIfNull(fresh);
        if (cached.Count == 0 && fresh.Count == 0)
        {
            return false;
        }

        var cachedSet = cached as IReadOnlySet<string> ?? new HashSet<string>(cached, StringComparer.Ordinal);
        return !fresh.Any(cachedSet.Contains);
    }

    /// <summary>Stops the recomputations: queued samples are abandoned, running ones cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var sample in queue.Reader.ReadAllAsync(stopping.Token).ConfigureAwait(false))
            {
                await AuditAsync(sample).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task AuditAsync(Sample sample)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        timeout.CancelAfter(options.AuditTimeout);
        IReadOnlyCollection<string> fresh;
        try
        {
            fresh = await sample.Recompute(timeout.Token).ConfigureAwait(false) ?? [];
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // A recomputation is the caller's code (a generator call): whatever it throws is a failed audit, never the
            // end of the auditor.
            Interlocked.Increment(ref failed);
            LogFailed(logger, sample.Scope.Tenant, sample.Hit.EntryId, exception);
            return;
        }

        if (IsFalseHit(sample.Hit.CitedDocumentIds, fresh))
        {
            Interlocked.Increment(ref falseHits);
            LogFalseHit(logger, sample.Scope.Tenant, sample.Hit.EntryId, sample.Hit.Distance);
        }

        Interlocked.Increment(ref audited);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Semantic cache false hit for tenant {Tenant}: entry {EntryId} at distance {Distance} answered with documents a fresh answer does not cite")]
    private static partial void LogFalseHit(ILogger logger, string tenant, string entryId, double distance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Semantic cache audit of entry {EntryId} for tenant {Tenant} failed: the recomputation threw or timed out")]
    private static partial void LogFailed(ILogger logger, string tenant, string entryId, Exception exception);

    private sealed record Sample(SemanticScope Scope, SemanticHit Hit, Func<CancellationToken, Task<IReadOnlyCollection<string>>> Recompute);
}
