using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Answers.Semantic;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Unit.Answers.Semantic;

[Trait("Category", "Unit")]
public sealed class SemanticAnswerAuditTests
{
    private static readonly SemanticScope Scope = new("tidewater", "ctx", "local/extractive", 1);

    [Theory]
    [InlineData(new[] { "a", "b" }, new[] { "c" }, true)]
    [InlineData(new[] { "a", "b" }, new[] { "b", "c" }, false)]
    [InlineData(new[] { "a" }, new string[0], true)]
    [InlineData(new string[0], new[] { "a" }, true)]
    [InlineData(new string[0], new string[0], false)]
    public void AHitIsFalseWhenTheAnswersShareNoCitedDocument(string[] cached, string[] fresh, bool isFalse) =>
        Assert.Equal(isFalse, SemanticAnswerAudit.IsFalseHit(cached, fresh));

    [Fact]
    public async Task WhenEveryHitIsAuditedAndTheFreshAnswersCiteOtherDocumentsTheFalseHitRateIsOne()
    {
        await using var audit = Audit(share: 1);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SemanticAuditOutcome.Queued, audit.Offer(Scope, Hit("doc-1"), _ => Cites("doc-9")));
        }

        await Eventually.HoldsAsync(() => Task.FromResult(audit.Snapshot().Audited == 5), TimeSpan.FromSeconds(10), "five audits finish");
        Assert.Equal(new SemanticAuditSnapshot(Queued: 5, Audited: 5, FalseHits: 5, Dropped: 0, Failed: 0), audit.Snapshot());
        Assert.Equal(1, audit.Snapshot().FalseHitRate);
    }

    [Fact]
    public async Task WhenTheFreshAnswersCiteTheSameDocumentsTheFalseHitRateIsZero()
    {
        await using var audit = Audit(share: 1);

        for (var i = 0; i < 5; i++)
        {
            audit.Offer(Scope, Hit("doc-1", "doc-2"), _ => Cites("doc-2"));
        }

        await Eventually.HoldsAsync(() => Task.FromResult(audit.Snapshot().Audited == 5), TimeSpan.FromSeconds(10), "five audits finish");
        Assert.Equal(0, audit.Snapshot().FalseHits);
        Assert.Equal(0, audit.Snapshot().FalseHitRate);
    }

    [Fact]
    public async Task WithAFullQueueSamplesAreDroppedAndCountedWithoutWaiting()
    {
        await using var audit = Audit(share: 1, capacity: 1);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<CancellationToken, Task<IReadOnlyCollection<string>>> held = async cancellationToken =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
            return ["doc-1"];
        };

        Assert.Equal(SemanticAuditOutcome.Queued, audit.Offer(Scope, Hit("doc-1"), held));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // The one worker is busy: one sample fits the queue, the next two find it full.
        var outcomes = Enumerable.Range(0, 3).Select(_ => audit.Offer(Scope, Hit("doc-1"), held)).ToArray();
        release.SetResult();

        Assert.Equal([SemanticAuditOutcome.Queued, SemanticAuditOutcome.Dropped, SemanticAuditOutcome.Dropped], outcomes);
        await Eventually.HoldsAsync(() => Task.FromResult(audit.Snapshot().Audited == 2), TimeSpan.FromSeconds(10), "the two queued audits finish");
        Assert.Equal(new SemanticAuditSnapshot(Queued: 2, Audited: 2, FalseHits: 0, Dropped: 2, Failed: 0), audit.Snapshot());
    }

    [Fact]
    public async Task OnlyTheConfiguredShareOfHitsIsAudited()
    {
        var draws = new Queue<double>([0.05, 0.5, 0.09, 0.95]);
        await using var audit = new SemanticAnswerAudit(
            Options.Create(new SemanticAnswerCacheOptions { AuditShare = 0.1 }), NullLogger<SemanticAnswerAudit>.Instance, draws.Dequeue);

        var outcomes = Enumerable.Range(0, 4).Select(_ => audit.Offer(Scope, Hit("doc-1"), _ => Cites("doc-1"))).ToArray();

        Assert.Equal([SemanticAuditOutcome.Queued, SemanticAuditOutcome.NotSampled, SemanticAuditOutcome.Queued, SemanticAuditOutcome.NotSampled], outcomes);
    }

    [Fact]
    public async Task ARecomputationThatThrowsOrTimesOutCountsAsFailedAndTheAuditGoesOn()
    {
        await using var audit = new SemanticAnswerAudit(
            Options.Create(new SemanticAnswerCacheOptions { AuditShare = 1, AuditTimeout = TimeSpan.FromMilliseconds(50) }),
            NullLogger<SemanticAnswerAudit>.Instance);

        audit.Offer(Scope, Hit("doc-1"), _ => throw new InvalidOperationException("generator down"));
        audit.Offer(Scope, Hit("doc-1"), async cancellationToken =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        });
        audit.Offer(Scope, Hit("doc-1"), _ => Cites("doc-2"));

        await Eventually.HoldsAsync(() => Task.FromResult(audit.Snapshot().Audited == 1), TimeSpan.FromSeconds(10), "the third audit finishes");
        Assert.Equal(new SemanticAuditSnapshot(Queued: 3, Audited: 1, FalseHits: 1, Dropped: 0, Failed: 2), audit.Snapshot());
    }

    private static SemanticAnswerAudit Audit(double share, int capacity = 32) => new(
        Options.Create(new SemanticAnswerCacheOptions { AuditShare = share, AuditQueueCapacity = capacity }),
        NullLogger<SemanticAnswerAudit>.Instance);

    private static SemanticHit Hit(params string[] cited) => new("1.4.x", "answer-key", 0.05, cited, DateTimeOffset.UnixEpoch);

    private static Task<IReadOnlyCollection<string>> Cites(params string[] documents) => Task.FromResult<IReadOnlyCollection<string>>(documents);
}
