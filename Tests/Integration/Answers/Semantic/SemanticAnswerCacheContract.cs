using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RedisAspire.Core.Answers.Semantic;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Answers.Semantic;

/// <summary>
/// What the semantic answer cache must do on every engine the hot tier can run, against a real server for each:
/// near questions hit and far ones miss, never across tenants, contexts, generators or embedding versions; entries
/// expire (fixed or sliding), are trimmed per tenant, follow their tenant's threshold, and leave with the documents
/// they cite or the answers they point to.
/// </summary>
public abstract class SemanticAnswerCacheContract : IAsyncLifetime
{
    private const int Dimension = 8;
    private const string Context = "ctx-0f3a";
    private const string Generator = "local/extractive";

    private readonly string prefix = TestCaches.NewPrefix();
    private readonly string indexName = $"answers{Guid.NewGuid():N}";
    private ResultCache? answers;

    /// <summary>The connection, or null when the engine's server is not reachable (the tests are then skipped).</summary>
    protected abstract IConnectionMultiplexer? Redis { get; }

    /// <summary>Why the tests are skipped; null when they run.</summary>
    protected abstract string? SkipReason { get; }

    /// <summary>The engine under test.</summary>
    protected abstract IVectorEngine Engine { get; }

    /// <summary>The clock entries expire by, on a whole millisecond as Redis keeps times; tests move it.</summary>
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    /// <summary>A tenant of this test alone.</summary>
    protected string Tenant { get; } = $"t{Guid.NewGuid():N}"[..12];

    /// <summary>Another tenant of this test alone.</summary>
    protected string OtherTenant { get; } = $"o{Guid.NewGuid():N}"[..12];

    private SemanticScope Scope => new(Tenant, Context, Generator, 1);

    private ResultCache Answers => answers ?? throw new InvalidOperationException("No server.");

    public Task InitializeAsync()
    {
        if (Redis is not null)
        {
            answers = TestCaches.Create(Redis, prefix);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (Redis is null)
        {
            return;
        }

        var options = Options();
        foreach (var version in new[] { 1, 2 })
        {
            await Engine.Open(Redis, SemanticAnswerCache.Schema(options, version, Dimension)).DropAsync(CancellationToken.None);
        }

        await SharedRedisKeys.DeleteAsync(Redis, $"{prefix}*");
        answers?.Dispose();
    }

    [SkippableFact]
    public async Task ARewordedQuestionWithinTheThresholdGetsTheEarlierAnswerWithItsDistanceAndCitedDocuments()
    {
        var cache = NewCache();
        var id = await AddAsync(cache, Scope, At(0), "answer-1", "doc-1", "doc-2");

        var hit = await cache.LookupAsync(Scope, At(0.03));

        Assert.NotNull(hit);
        Assert.Equal((id, AnswerKey("answer-1")), (hit.EntryId, hit.AnswerKey));
        Assert.InRange(hit.Distance, 0.025, 0.035);
        Assert.Equal(["doc-1", "doc-2"], hit.CitedDocumentIds);
        Assert.Equal((1L, 0L), (cache.Statistics().Hits, cache.Statistics().Misses));
    }

    [SkippableFact]
    public async Task AQuestionFartherThanTheThresholdMisses()
    {
        var cache = NewCache();
        await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");

        Assert.Null(await cache.LookupAsync(Scope, At(0.15)));
        Assert.Null(await cache.LookupAsync(Scope, At(1)));
        Assert.Equal((0L, 2L), (cache.Statistics().Hits, cache.Statistics().Misses));
    }

    [SkippableFact]
    public async Task AnotherTenantAskingTheIdenticalQuestionMisses()
    {
        var cache = NewCache();
        await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");
        var other = Scope with { Tenant = OtherTenant };

        Assert.Null(await cache.LookupAsync(other, At(0)));

        var othersOwn = await AddAsync(cache, other, At(0), "answer-2", "doc-2");
        Assert.Equal(othersOwn, (await cache.LookupAsync(other, At(0)))?.EntryId);
        Assert.NotEqual(othersOwn, (await cache.LookupAsync(Scope, At(0)))?.EntryId);
    }

    [SkippableFact]
    public async Task TheIdenticalQuestionInAnotherConversationContextMisses()
    {
        var cache = NewCache();
        await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");

        Assert.Null(await cache.LookupAsync(Scope with { ContextHash = "ctx-77b1" }, At(0)));
        Assert.NotNull(await cache.LookupAsync(Scope, At(0)));
    }

    [SkippableFact]
    public async Task TheIdenticalQuestionForAnotherGeneratorOrEmbeddingVersionMisses()
    {
        var cache = NewCache();
        await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");

        Assert.Null(await cache.LookupAsync(Scope with { GeneratorId = "azure-openai/gpt-4o-mini" }, At(0)));
        Assert.Null(await cache.LookupAsync(Scope with { EmbeddingVersion = 2 }, At(0)));
    }

    [SkippableFact]
    public async Task AFixedEntryExpiresAfterItsTimeToLiveHitsOrNotAndIsSweptByTheNextAddition()
    {
        var cache = NewCache(options => options.TimeToLive = TimeSpan.FromMinutes(10));
        var first = await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");

        Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.NotNull(await cache.LookupAsync(Scope, At(0)));
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await cache.LookupAsync(Scope, At(0)));

        await AddAsync(cache, Scope, At(1), "answer-2", "doc-2");
        Assert.Equal(1, cache.Statistics().Expired);
        Assert.False(await Redis!.GetDatabase().KeyExistsAsync(cache.Keys.Entry(Tenant, first)));
        Assert.Equal(1, await Index(cache, 1).CountAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task ASlidingEntryIsRenewedByEachHitButNeverPastItsMaxLifetime()
    {
        var cache = NewCache(options =>
        {
            options.Expiration = SemanticExpiration.Sliding;
            options.TimeToLive = TimeSpan.FromMinutes(10);
            options.MaxLifetime = TimeSpan.FromMinutes(25);
        });
        var start = Clock.GetUtcNow();
        await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");

        Clock.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(start.AddMinutes(18), (await cache.LookupAsync(Scope, At(0)))?.ExpiresAt);
        Clock.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(start.AddMinutes(25), (await cache.LookupAsync(Scope, At(0)))?.ExpiresAt);
        Clock.Advance(TimeSpan.FromMinutes(8));
        Assert.NotNull(await cache.LookupAsync(Scope, At(0)));
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await cache.LookupAsync(Scope, At(0)));
    }

    [SkippableFact]
    public async Task ASlidingEntryThatNobodyHitsExpiresAfterItsWindowAndTheLookupRemovesIt()
    {
        var cache = NewCache(options =>
        {
            options.Expiration = SemanticExpiration.Sliding;
            options.TimeToLive = TimeSpan.FromMinutes(10);
        });
        var id = await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");

        Clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Null(await cache.LookupAsync(Scope, At(0)));
        Assert.Equal(1, cache.Statistics().Expired);
        Assert.Null(await Index(cache, 1).GetAsync(id, CancellationToken.None));
    }

    [SkippableFact]
    public async Task AQuestionPastItsDeadlineLeavesTheIndexWhenAnyTenantAddsAnEntry()
    {
        var cache = NewCache(options => options.TimeToLive = TimeSpan.FromMinutes(10));
        var id = await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");
        // The tenant's own bookkeeping is gone: only the deadline set still knows the question.
        await Redis!.GetDatabase().KeyDeleteAsync([cache.Keys.Entries(Tenant), cache.Keys.Expiry(Tenant), cache.Keys.Entry(Tenant, id)]);

        Clock.Advance(TimeSpan.FromMinutes(11));
        var others = await AddAsync(cache, Scope with { Tenant = OtherTenant }, At(0), "other-1", "doc-1");

        Assert.Null(await Index(cache, 1).GetAsync(id, CancellationToken.None));
        Assert.NotNull(await Index(cache, 1).GetAsync(others, CancellationToken.None));
    }

    [SkippableFact]
    public async Task TheRecordOfAnEntryLeavesRedisWhenItsTimeToLiveRunsOut()
    {
        var cache = NewCache(options => options.TimeToLive = TimeSpan.FromSeconds(1), TimeProvider.System);
        var id = await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");

        await Eventually.HoldsAsync(
            async () => !await Redis!.GetDatabase().KeyExistsAsync(cache.Keys.Entry(Tenant, id)), TimeSpan.FromSeconds(10), "the record expires in Redis");
        Assert.Null(await cache.LookupAsync(Scope, At(0)));
    }

    [SkippableFact]
    public async Task PastItsMaxEntriesATenantDropsItsOldestEntriesAndNoOtherTenantsEntries()
    {
        var cache = NewCache(options => options.Tenants[Tenant] = new SemanticTenantOptions { MaxEntries = 2 });
        var other = Scope with { Tenant = OtherTenant };
        for (var axis = 1; axis <= 3; axis++)
        {
            await AddAsync(cache, other, Axis(axis), $"other-{axis}", "doc-1");
        }

        for (var axis = 1; axis <= 3; axis++)
        {
            await AddAsync(cache, Scope, Axis(axis), $"answer-{axis}", "doc-1");
        }

        Assert.Null(await cache.LookupAsync(Scope, Axis(1)));
        Assert.NotNull(await cache.LookupAsync(Scope, Axis(2)));
        Assert.NotNull(await cache.LookupAsync(Scope, Axis(3)));
        for (var axis = 1; axis <= 3; axis++)
        {
            Assert.NotNull(await cache.LookupAsync(other, Axis(axis)));
        }

        Assert.Equal(1, cache.Statistics().Trimmed);
        Assert.Equal(5, await Index(cache, 1).CountAsync(CancellationToken.None));
        Assert.Equal(2, await Redis!.GetDatabase().SortedSetLengthAsync(cache.Keys.Entries(Tenant)));
    }

    [SkippableFact]
    public async Task ATenantsOwnThresholdOverridesTheDefault()
    {
        var cache = NewCache(options =>
        {
            options.Threshold = 0.1;
            options.Tenants[OtherTenant] = new SemanticTenantOptions { Threshold = 0.3 };
        });
        var other = Scope with { Tenant = OtherTenant };
        await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");
        await AddAsync(cache, other, At(0), "answer-2", "doc-1");

        Assert.Null(await cache.LookupAsync(Scope, At(0.2)));
        Assert.NotNull(await cache.LookupAsync(other, At(0.2)));
    }

    [SkippableFact]
    public async Task RemovingWhatCitesADocumentRemovesExactlyTheTenantsEntriesThatCiteIt()
    {
        var cache = NewCache();
        var other = Scope with { Tenant = OtherTenant };
        var both = await AddAsync(cache, Scope, Axis(1), "answer-1", "doc-1", "doc-2");
        var second = await AddAsync(cache, Scope, Axis(2), "answer-2", "doc-2");
        await AddAsync(cache, Scope, Axis(3), "answer-3", "doc-3");
        await AddAsync(cache, other, Axis(1), "other-1", "doc-2");

        Assert.Equal(2, await cache.RemoveCitingAsync(Tenant, "doc-2"));

        Assert.Null(await cache.LookupAsync(Scope, Axis(1)));
        Assert.Null(await cache.LookupAsync(Scope, Axis(2)));
        Assert.NotNull(await cache.LookupAsync(Scope, Axis(3)));
        Assert.NotNull(await cache.LookupAsync(other, Axis(1)));
        Assert.Null(await Index(cache, 1).GetAsync(both, CancellationToken.None));
        Assert.Null(await Index(cache, 1).GetAsync(second, CancellationToken.None));
        Assert.Equal(0, await cache.RemoveCitingAsync(Tenant, "doc-2"));
        Assert.Equal(2, cache.Statistics().RemovedByDocument);
    }

    [SkippableFact]
    public async Task AnEntryWhoseAnswerIsNoLongerCachedIsAMissAndIsRemoved()
    {
        var cache = NewCache();
        var id = await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");
        await Answers.InvalidateAsync(AnswerKey("answer-1"));

        Assert.Null(await cache.LookupAsync(Scope, At(0)));
        Assert.Equal(1, cache.Statistics().AnswersGone);
        Assert.False(await Redis!.GetDatabase().KeyExistsAsync(cache.Keys.Entry(Tenant, id)));
        Assert.Equal(0, await Index(cache, 1).CountAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task WhenTheNearestEarlierQuestionLostItsAnswerTheNextOneWithinTheThresholdAnswers()
    {
        var cache = NewCache();
        await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");
        var next = await AddAsync(cache, Scope, At(0.05), "answer-2", "doc-2");
        await Answers.InvalidateAsync(AnswerKey("answer-1"));

        var hit = await cache.LookupAsync(Scope, At(0));

        Assert.Equal((next, AnswerKey("answer-2")), (hit?.EntryId, hit?.AnswerKey));
    }

    [SkippableFact]
    public async Task ASemanticHitOfferedToTheAuditIsMeasuredAgainstAFreshAnswer()
    {
        var cache = NewCache();
        await AddAsync(cache, Scope, At(0), "answer-1", "doc-1");
        var hit = await cache.LookupAsync(Scope, At(0.03));
        await using var audit = new SemanticAnswerAudit(
            Microsoft.Extensions.Options.Options.Create(new SemanticAnswerCacheOptions { AuditShare = 1 }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SemanticAnswerAudit>.Instance);

        Assert.Equal(SemanticAuditOutcome.Queued, audit.Offer(Scope, hit!, _ => Task.FromResult<IReadOnlyCollection<string>>(["doc-7"])));

        await Eventually.HoldsAsync(() => Task.FromResult(audit.Snapshot().Audited == 1), TimeSpan.FromSeconds(10), "the audit finishes");
        Assert.Equal(1, audit.Snapshot().FalseHitRate);
    }

    /// <summary>A unit vector at cosine distance <paramref name="distance"/> from the first axis, in the plane of the first two.</summary>
    protected static float[] At(double distance)
    {
        var cosine = 1 - distance;
        var vector = new float[Dimension];
        vector[0] = (float)cosine;
        vector[1] = (float)Math.Sqrt(Math.Max(0, 1 - (cosine * cosine)));
        return vector;
    }

    /// <summary>The unit vector of one axis: questions on different axes are at distance 1 from each other.</summary>
    protected static float[] Axis(int axis)
    {
        var vector = new float[Dimension];
        vector[axis] = 1;
        return vector;
    }

    private SemanticAnswerCacheOptions Options(Action<SemanticAnswerCacheOptions>? configure = null)
    {
        var options = new SemanticAnswerCacheOptions { IndexName = indexName, KeyPrefix = prefix };
        configure?.Invoke(options);
        return options;
    }

    private SemanticAnswerCache NewCache(Action<SemanticAnswerCacheOptions>? configure = null, TimeProvider? time = null)
    {
        Skip.If(Redis is null, SkipReason);
        var engine = Engine;
        return new SemanticAnswerCache(
            Redis!, () => engine, Microsoft.Extensions.Options.Options.Create(Options(configure)), new ResultCacheAnswerPresence(Answers),
            new SemanticAnswerStatistics(), time ?? Clock);
    }

    private IVectorIndex Index(SemanticAnswerCache cache, int version) =>
        Engine.Open(Redis!, SemanticAnswerCache.Schema(Options(), version, Dimension));

    private string AnswerKey(string name) => $"{TenantKeys.Of(Tenant)}answer:{name}";

    // The answer is cached first, as /ask does, then its question is added.
    private async Task<string> AddAsync(SemanticAnswerCache cache, SemanticScope scope, float[] question, string answer, params string[] cited)
    {
        var key = AnswerKey(answer);
        await Answers.GetOrCreateAsync(key, _ => ValueTask.FromResult(answer), CachePolicy.Fixed(TimeSpan.FromHours(1)));
        return await cache.AddAsync(scope, question, key, cited);
    }
}
