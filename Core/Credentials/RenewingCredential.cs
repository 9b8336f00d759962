using Microsoft.Extensions.Logging;

namespace RedisAspire.Core.Credentials;

/// <summary>
/// The current credential of one server, renewed on a <see cref="RenewalSchedule"/> for as long as it lives. Each renewal
/// is handed to the connections that use it (<see cref="OnRenewed"/>) before it counts as done: a connection that could
/// not take it is retried with the same backoff as a credential source that failed, while the old credential still works.
/// </summary>
public sealed partial class RenewingCredential : IAsyncDisposable, IDisposable
{
    private readonly IServerCredentialSource source;
    private readonly RenewalSchedule schedule;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SemaphoreSlim firstFetch = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock appliersLock = new();
    private Func<ServerCredential, CancellationToken, Task>[] appliers = [];
    private volatile ServerCredential? current;
    private Task renewals = Task.CompletedTask;

    public RenewingCredential(IServerCredentialSource source, string scope, TimeProvider time, ILogger logger, RenewalSchedule? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        this.source = source;
        Scope = scope;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        this.schedule = schedule ?? RenewalSchedule.Default;
    }

    /// <summary>The scope credentials are asked for.</summary>
    public string Scope { get; }

    /// <summary>
    /// The current credential; the first call fetches it and starts the renewals. A failing first fetch throws (there is
    /// nothing to fall back on) and the next call tries again.
    /// </summary>
    public async ValueTask<ServerCredential> GetAsync(CancellationToken cancellationToken)
    {
        if (current is { } known)
        {
            return known;
        }

        await firstFetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (current is null)
            {
                var obtainedAt = time.GetUtcNow();
                var first = await source.GetAsync(Scope, cancellationToken).ConfigureAwait(false);
                current = first;
                LogObtained(logger, Scope, first.User, first.ExpiresOn);
                renewals = RenewAsync(schedule.RenewalTime(obtainedAt, first.ExpiresOn), stopping.Token);
            }

            return current;
        }
        finally
        {
            firstFetch.Release();
        }
    }

    /// <summary>
    /// <see cref="GetAsync"/> for callers that cannot await: client libraries that build their connection options
    /// synchronously. Blocks only on the first call.
    /// </summary>
    public ServerCredential Get() => current ?? GetAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="apply"/> with every renewed credential (not the first one, which connections take when they connect).</summary>
    public void OnRenewed(Func<ServerCredential, CancellationToken, Task> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        lock (appliersLock)
        {
            appliers = [.. appliers, apply];
        }
    }

    /// <summary>Stops the renewals without waiting for one in flight (which then ends at its next await).</summary>
    public void Dispose()
    {
        stopping.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await renewals.ConfigureAwait(false);
        stopping.Dispose();
        firstFetch.Dispose();
    }

    private async Task RenewAsync(DateTimeOffset renewAt, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // Waits for an absolute time, so a late start of this loop does not move the renewal.
                var wait = renewAt - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }

                var attemptedAt = time.GetUtcNow();
                try
                {
                    var renewed = await source.GetAsync(Scope, cancellationToken).ConfigureAwait(false);
                    // Current before it is applied: a connection that reconnects meanwhile must not use the older one.
                    current = renewed;
                    foreach (var apply in Volatile.Read(ref appliers))
                    {
                        await apply(renewed, cancellationToken).ConfigureAwait(false);
                    }

                    failures = 0;
                    renewAt = schedule.RenewalTime(attemptedAt, renewed.ExpiresOn);
                    LogRenewed(logger, Scope, renewed.User, renewed.ExpiresOn, renewAt);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    failures++;
                    var delay = schedule.RetryDelay(failures);
                    renewAt = attemptedAt + delay;
                    LogRenewalFailed(logger, exception, Scope, failures, delay, current?.ExpiresOn);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Credential for {Scope} obtained for user {User}; it expires at {ExpiresOn:O}")]
    private static partial void LogObtained(ILogger logger, string scope, string user, DateTimeOffset expiresOn);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Credential for {Scope} renewed for user {User} and applied to its connections; it expires at {ExpiresOn:O}, next renewal at {RenewAt:O}")]
    private static partial void LogRenewed(ILogger logger, string scope, string user, DateTimeOffset expiresOn, DateTimeOffset renewAt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Credential for {Scope} could not be renewed or applied ({Failures} failures in a row); retrying in {Delay}. Connections keep the current credential, which expires at {ExpiresOn:O}")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string scope, int failures, TimeSpan delay, DateTimeOffset? expiresOn);
}
