using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;
using StackExchange.Redis;

namespace RedisAspire.Core.Answers;

/// <summary>
/// The exact answer cache: an answer given again to the same question (<see cref="AnswerKeys.Key"/>) under
/// <c>Answers:Cache</c>'s expiration, with the distributed lock, so that however many callers on however many
/// replicas ask a new question at once, the generator writes its answer once. Each answer is tagged with its tenant and
/// with every document it was written from. A ledger beside the entries counts them for <c>GET /ask/cache</c>.
/// </summary>
public sealed class ExactAnswerCache
{
    /// <summary>The most ledger entries one count checks; past it, the rest are counted as they are.</summary>
    public const int MaxCheckedEntries = 10_000;

    private readonly IResultCache cache;
    private readonly IConnectionMultiplexer redis;
    private readonly CacheKeys cacheKeys;
    private readonly string ledger;
    private readonly IOptions<AnswerOptions> options;
    private readonly TimeProvider time;

    /// <summary>The cache over <paramref name="cache"/>, whose Redis keys start with <paramref name="cachePrefix"/>.</summary>
    public ExactAnswerCache(IResultCache cache, IConnectionMultiplexer redis, string cachePrefix, IOptions<AnswerOptions> options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(cachePrefix);
        this.cache = cache;
        this.redis = redis;
        this.options = options;
        this.time = time ?? TimeProvider.System;
        cacheKeys = new CacheKeys(cachePrefix);
        ledger = AnswerKeys.Ledger(cachePrefix);
    }

    /// <summary>Whether answers are cached (<c>Answers:Cache:Enabled</c>).</summary>
    public bool Enabled => options.Value.Cache.Enabled;

    /// <summary>The policy of an answer of <paramref name="tenant"/> written from <paramref name="documentIds"/>.</summary>
    public CachePolicy Policy(string tenant, IEnumerable<string> documentIds)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        var settings = options.Value.Cache;
        var policy = settings.Expiration == ExpirationStrategy.Sliding
            ? CachePolicy.Sliding(settings.TimeToLive, settings.MaxLifetime)
            : CachePolicy.Fixed(settings.TimeToLive);
        return policy with
        {
            UseL1 = true,
            Stampede = StampedeProtection.DistributedLock,
            LockTimeToLive = settings.LockTimeToLive,
            LockWaitTimeout = settings.LockTimeToLive,
            Tags = [AnswerKeys.TenantTag(tenant), .. documentIds.Distinct(StringComparer.Ordinal).Select(id => AnswerKeys.DocumentTag(tenant, id))],
        };
    }

    /// <summary>
    /// The answer cached under <paramref name="key"/>, or <paramref name="generate"/>'s, stored with
    /// <paramref name="policy"/>; the outcome is null when the cache is off.
    /// </summary>
    public async Task<(GeneratedAnswer Answer, CacheOutcome? Outcome)> GetOrGenerateAsync(
        string key, CachePolicy policy, Func<CancellationToken, Task<GeneratedAnswer>> generate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generate);
        if (!Enabled)
        {
            return (await generate(cancellationToken).ConfigureAwait(false), null);
        }

        var result = await cache.GetOrCreateAsync(
            key,
            async token =>
            {
                var answer = await generate(token).ConfigureAwait(false);
                Record(key);
                return answer;
            },
            policy,
            cancellationToken).ConfigureAwait(false);
        return (result.Value, result.Outcome);
    }

    /// <summary>
    /// The answer cached under <paramref name="key"/>, without writing one, and without waiting for (or joining) a
    /// caller or replica writing it, with where it was found (Hit, L1Hit); null when there is none, or the cache is off.
    /// Of <paramref name="policy"/> only the expiration and the in-process copy matter (a read of a sliding answer
    /// renews it, as any hit does): a read writes no tags, so <c>Policy(tenant, [])</c> reads any answer of the tenant
    /// and leaves its document tags as they were stored.
    /// </summary>
    public async Task<(GeneratedAnswer Answer, CacheOutcome Outcome)?> ReadAsync(string key, CachePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!Enabled)
        {
            return null;
        }

        return await cache.TryGetAsync<GeneratedAnswer>(key, policy, cancellationToken).ConfigureAwait(false) is { } found
            ? (found.Value, found.Outcome)
            : null;
    }

    /// <summary>
    /// How many answers Redis holds: the ledger's entries whose answer is still there (entries past their longest life,
    /// or whose answer was dropped, leave the ledger as they are found), the first <see cref="MaxCheckedEntries"/> checked.
    /// </summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        await database.SortedSetRemoveRangeByScoreAsync(ledger, double.NegativeInfinity, time.GetUtcNow().ToUnixTimeMilliseconds())
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        var keys = await database.SortedSetRangeByRankAsync(ledger, 0, MaxCheckedEntries - 1).WaitAsync(cancellationToken).ConfigureAwait(false);
        var total = await database.SortedSetLengthAsync(ledger).WaitAsync(cancellationToken).ConfigureAwait(false);
        var exists = await Task.WhenAll(keys.Select(key => database.KeyExistsAsync(cacheKeys.Value(key.ToString())))).WaitAsync(cancellationToken).ConfigureAwait(false);
        var gone = keys.Where((_, index) => !exists[index]).ToArray();
        if (gone.Length > 0)
        {
            await database.SortedSetRemoveAsync(ledger, gone).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return total - gone.Length;
    }

    // Fire-and-forget: the ledger only counts, and must never slow or fail an answer.
    private void Record(string key)
    {
        try
        {
            var expiresAt = time.GetUtcNow() + options.Value.Cache.LongestLife;
            redis.GetDatabase().SortedSetAdd(ledger, key, expiresAt.ToUnixTimeMilliseconds(), CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // Counted again the next time the answer is written.
        }
    }
}
