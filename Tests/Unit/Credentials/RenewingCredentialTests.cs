using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RedisAspire.Core.Credentials;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Unit.Credentials;

/// <summary>
/// The renewal schedule on a manual clock. The renewal loop sets its timer before <c>GetAsync</c> returns and waits for
/// absolute times, so a check right after advancing the clock is deterministic: a timer not yet due has not fired.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RenewingCredentialTests : IAsyncDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(100);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 4, 2, 0, 0, TimeSpan.Zero));
    private readonly ScriptedSource source;
    private readonly RecordingLoggerProvider logs = new();
    private readonly RenewingCredential credential;

    public RenewingCredentialTests()
    {
        source = new ScriptedSource(time);
        credential = new RenewingCredential(source, "scope", time, logs.CreateLogger(nameof(RenewingCredential)));
    }

    [Fact]
    public async Task ItIsRenewedAtThreeQuartersOfItsLifetimeAndNotBefore()
    {
        var first = await credential.GetAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(74.9));
        Assert.Equal(1, source.Calls);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await WaitForCallsAsync(2);
        await Eventually.HoldsAsync(() => Task.FromResult(credential.Get() != first), Deadline, "the renewed credential is current");

        // The next renewal is at 75% of the renewed credential's life.
        time.Advance(TimeSpan.FromSeconds(74.9));
        Assert.Equal(2, source.Calls);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await WaitForCallsAsync(3);
    }

    [Fact]
    public async Task AFailedRenewalIsRetriedAfterOneTwoThenFourSecondsAndReportedEachTime()
    {
        var first = await credential.GetAsync(CancellationToken.None);
        source.FailNext(3);

        time.Advance(TimeSpan.FromSeconds(75));
        await WaitForCallsAsync(2);
        foreach (var delay in new[] { 1, 2, 4 })
        {
            var calls = source.Calls;
            time.Advance(TimeSpan.FromSeconds(delay) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(calls, source.Calls);
            Assert.Same(first, credential.Get());
            time.Advance(TimeSpan.FromMilliseconds(1));
            await WaitForCallsAsync(calls + 1);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(credential.Get() != first), Deadline, "the credential is renewed after three failures");
        var warnings = logs.Logs.Where(log => log.Level == LogLevel.Warning).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains("retrying in 00:00:04", warnings[^1].Message, StringComparison.Ordinal);
        Assert.Contains(first.ExpiresOn.ToString("O", System.Globalization.CultureInfo.InvariantCulture), warnings[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Logs, log => source.Secrets.Any(secret => log.Message.Contains(secret, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AConnectionThatCannotTakeTheRenewedCredentialIsRetriedWithTheSameBackoff()
    {
        await credential.GetAsync(CancellationToken.None);
        var applied = new List<string>();
        var refusals = 1;
        credential.OnRenewed((renewed, _) =>
        {
            if (refusals-- > 0)
            {
                throw new InvalidOperationException("AUTH was refused");
            }

            applied.Add(renewed.Secret);
            return Task.CompletedTask;
        });

        time.Advance(TimeSpan.FromSeconds(75));
        await WaitForCallsAsync(2);

        // The retry's timer is set after the refused apply, which runs after GetAsync returned: the clock moves in small
        // steps until the retry calls, so that a step taken before the timer existed is not lost.
        var waited = TimeSpan.Zero;
        await Eventually.HoldsAsync(
            () =>
            {
                if (source.Calls < 3)
                {
                    time.Advance(TimeSpan.FromMilliseconds(50));
                    waited += TimeSpan.FromMilliseconds(50);
                }

                return Task.FromResult(source.Calls >= 3);
            },
            Deadline,
            $"the refused renewal is retried (so far {source.Calls} calls)");
        Assert.InRange(waited, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        await Eventually.HoldsAsync(() => Task.FromResult(applied.Count == 1), Deadline, "the retried renewal is applied");

        Assert.Equal(source.Secrets[^1], applied[0]);
        Assert.Single(logs.Logs, log => log.Level == LogLevel.Warning && log.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task NothingIsFetchedAfterItIsDisposed()
    {
        await credential.GetAsync(CancellationToken.None);
        await credential.DisposeAsync();

        time.Advance(TimeSpan.FromSeconds(200));

        Assert.Equal(1, source.Calls);
    }

    [Fact]
    public void ACredentialPrintsItsUserAndExpiryButNeverItsSecret()
    {
        var printed = new ServerCredential("object-id", "s3cret-token", time.GetUtcNow()).ToString();

        Assert.Contains("object-id", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", printed, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await credential.DisposeAsync();

    private Task WaitForCallsAsync(int calls) =>
        Eventually.HoldsAsync(() => Task.FromResult(source.Calls >= calls), Deadline, $"{calls} calls to the credential source (so far {source.Calls})");

    /// <summary>Hands out a new secret valid for <see cref="Lifetime"/> on each call, or fails when told to.</summary>
    private sealed class ScriptedSource(TimeProvider time) : IServerCredentialSource
    {
        private readonly List<string> secrets = [];
        private int calls;
        private int failuresToCome;

        public int Calls => Volatile.Read(ref calls);

        public IReadOnlyList<string> Secrets
        {
            get
            {
                lock (secrets)
                {
                    return [.. secrets];
                }
            }
        }

        public void FailNext(int count) => failuresToCome = count;

        public ValueTask<ServerCredential> GetAsync(string scope, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            if (failuresToCome-- > 0)
            {
                throw new InvalidOperationException("The identity endpoint is unreachable.");
            }

            var secret = $"secret-{Guid.NewGuid():N}";
            lock (secrets)
            {
                secrets.Add(secret);
            }

            return ValueTask.FromResult(new ServerCredential("object-id", secret, time.GetUtcNow() + Lifetime));
        }
    }
}
