using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Core.Answers.Semantic;

/// <summary>
/// The semantic answer cache on Redis: questions in a vector index on the hot tier's engine (one index per embedding
/// version), each entry's record and its tenant's bookkeeping in keys of the tenant's own hash tag.
/// </summary>
/// <remarks>
/// The index filters on tenant, context and generator (TAG fields, the last two as digests so any value is one safe
/// literal in both engines' filter syntax) and on the entry's deadline (NUMERIC <c>expires_at</c>, the latest it can
/// live); the record, a hash with a Redis TTL, holds the current expiry, which a sliding hit moves. Vector Sets
/// elements cannot expire by themselves: a question whose record is gone or expired is removed when a lookup meets it,
/// and expired entries are swept whenever the tenant adds one.
/// </remarks>
public sealed partial class SemanticAnswerCache : ISemanticAnswerCache
{
    /// <summary>The TAG field of the conversation context's digest.</summary>
    public const string ContextField = "context";

    /// <summary>The TAG field of the generator's digest.</summary>
    public const string GeneratorField = "generator";

    /// <summary>The NUMERIC field of the entry's deadline (unix ms).</summary>
    public const string DeadlineField = "expires_at";

    /// <summary>The most documents one answer may cite.</summary>
    public const int MaxCitedDocuments = 256;

    // Expired entries removed per Add, at most: enough to keep up with additions, bounded so one Add stays short.
    private const int SweepLimit = 64;

    private readonly IConnectionMultiplexer redis;
    private readonly Func<IVectorEngine> engine;
    private readonly SemanticAnswerCacheOptions options;
    private readonly IAnswerPresence presence;
    private readonly SemanticAnswerStatistics statistics;
    private readonly TimeProvider time;
    private readonly SemanticAnswerKeys keys;
    private readonly ConcurrentDictionary<(int Version, int Dimension), IVectorIndex> indexes = new();

    /// <param name="redis">The hot tier's connection.</param>
    /// <param name="engine">The hot tier's engine, once chosen.</param>
    /// <param name="options">The settings.</param>
    /// <param name="presence">Whether an answer is still cached.</param>
    /// <param name="statistics">The counters to add to.</param>
    /// <param name="time">The clock entries expire by.</param>
    internal SemanticAnswerCache(
        IConnectionMultiplexer redis,
        Func<IVectorEngine> engine,
        IOptions<SemanticAnswerCacheOptions> options,
        IAnswerPresence presence,
        SemanticAnswerStatistics statistics,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.redis = redis ?? throw new ArgumentNullException(nameof(redis));
        this.engine = engine ?? throw new ArgumentNullException(nameof(engine));
        this.options = options.Value;
        this.presence = presence ?? throw new ArgumentNullException(nameof(presence));
        this.statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        keys = new SemanticAnswerKeys(this.options.KeyPrefix);
    }

    /// <summary>The Redis names this cache uses.</summary>
    public SemanticAnswerKeys Keys => keys;

    /// <inheritdoc />
    public async Task<SemanticHit?> LookupAsync(SemanticScope scope, float[] questionVector, CancellationToken cancellationToken = default)
    {
        Validate(scope, questionVector);
        var policy = options.For(scope.Tenant);
        var index = await IndexAsync(scope.EmbeddingVersion, questionVector.Length, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var found = await index.SearchAsync(
            new KnnQuery { Vector = questionVector, K = options.Candidates, Filter = Filter(scope, now) }, cancellationToken).ConfigureAwait(false);

        // Closest first: the first live candidate within the threshold is the nearest earlier question.
        foreach (var candidate in found.Hits)
        {
            if (candidate.Distance is not { } distance || distance > policy.Threshold)
            {
                break;
            }

            var record = await TouchAsync(scope.Tenant, candidate.Id, now, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                await RemoveAsync(scope.Tenant, [candidate.Id], cancellationToken).ConfigureAwait(false);
                statistics.Expired(1);
                continue;
            }

            // The index matched digests; the record holds the values themselves.
            if (record.Context != scope.ContextHash || record.Generator != scope.GeneratorId)
            {
                continue;
            }

            if (!await presence.ExistsAsync(record.AnswerKey, cancellationToken).ConfigureAwait(false))
            {
                await RemoveAsync(scope.Tenant, [candidate.Id], cancellationToken).ConfigureAwait(false);
                statistics.AnswerGone();
                continue;
            }

            statistics.Hit();
            return new SemanticHit(candidate.Id, record.AnswerKey, Math.Max(0, distance), record.Cites, DateTimeOffset.FromUnixTimeMilliseconds(record.ExpiresAt));
        }

        statistics.Miss();
        return null;
    }

    /// <inheritdoc />
    public async Task<string> AddAsync(
        SemanticScope scope,
        float[] questionVector,
        string answerKey,
        IReadOnlyCollection<string> citedDocumentIds,
        CancellationToken cancellationToken = default)
    {
        Validate(scope, questionVector);
        if (CacheKeys.CheckKey(answerKey) is { } badKey)
        {
            throw new ArgumentException(badKey.Message.Replace("The key", "The answerKey", StringComparison.Ordinal), nameof(answerKey));
        }

        var cited = CitedIds(citedDocumentIds);
        var policy = options.For(scope.Tenant);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var expires = now + (long)policy.TimeToLive.TotalMilliseconds;
        var deadline = now + (long)policy.MaxLifetime.TotalMilliseconds;
        var id = SemanticEntryId.New(scope.EmbeddingVersion, questionVector.Length).Id;

        // The question first, its record after: a question without a record is a miss that the next lookup meeting it
        // removes, while a record without its question would be found by nothing.
        var index = await IndexAsync(scope.EmbeddingVersion, questionVector.Length, cancellationToken).ConfigureAwait(false);
        await index.UpsertAsync(
            new VectorDocument(
                id,
                questionVector,
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [VectorFilter.TenantField] = scope.Tenant,
                    [ContextField] = Digest(scope.ContextHash),
                    [GeneratorField] = Digest(scope.GeneratorId),
                },
                new Dictionary<string, double>(StringComparer.Ordinal) { [DeadlineField] = deadline },
                new Dictionary<string, string>(StringComparer.Ordinal)),
            cancellationToken).ConfigureAwait(false);

        RedisKey[] scriptKeys =
        [
            keys.Entries(scope.Tenant), keys.Expiry(scope.Tenant), keys.Sequence(scope.Tenant), keys.Entry(scope.Tenant, id),
            .. cited.Select(document => (RedisKey)keys.Cites(scope.Tenant, document)),
        ];
        RedisValue[] arguments =
        [
            id, keys.Tenant(scope.Tenant), now, expires, expires - now, deadline - now, policy.MaxEntries, SweepLimit,
            "answer", answerKey,
            "cites", string.Join('\n', cited),
            "context", scope.ContextHash,
            "generator", scope.GeneratorId,
            "version", scope.EmbeddingVersion,
            "created", now,
            "expires", expires,
            "deadline", deadline,
            "sliding", policy.Expiration == SemanticExpiration.Sliding ? "1" : "0",
            "ttl", (long)policy.TimeToLive.TotalMilliseconds,
        ];
        var database = redis.GetDatabase();
        await database.SortedSetAddAsync(keys.Deadlines, id, deadline).WaitAsync(cancellationToken).ConfigureAwait(false);
        var reply = (RedisResult[])(await database.ScriptEvaluateAsync(AddScript, scriptKeys, arguments)
            .WaitAsync(cancellationToken).ConfigureAwait(false))!;
        var trimmed = Ids(reply[0]);
        var expired = Ids(reply[1]);
        statistics.Added();
        statistics.Trimmed(trimmed.Length);
        statistics.Expired(expired.Length);
        await RemoveQuestionsAsync([.. trimmed, .. expired], cancellationToken).ConfigureAwait(false);
        await SweepPastDeadlineAsync(now, cancellationToken).ConfigureAwait(false);
        return id;
    }

    // Questions past their deadline are never a candidate again, so no lookup meets them: whatever tenant adds next
    // removes them from the index, whether or not their tenant's bookkeeping still exists.
    private async Task SweepPastDeadlineAsync(long now, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var due = await database.SortedSetRangeByScoreAsync(keys.Deadlines, double.NegativeInfinity, now, take: SweepLimit)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (due.Length == 0)
        {
            return;
        }

        await RemoveQuestionsAsync([.. due.Select(id => id.ToString())], cancellationToken).ConfigureAwait(false);
        await database.SortedSetRemoveAsync(keys.Deadlines, due).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> RemoveCitingAsync(string tenant, string documentId, CancellationToken cancellationToken = default)
    {
        if (SourceDocument.CheckTenant(tenant) is { } badTenant)
        {
            throw badTenant.ToException();
        }

        if (VectorDocument.CheckId(documentId, nameof(documentId)) is { } badDocument)
        {
            throw badDocument.ToException();
        }

        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            RemoveCitingScript,
            [keys.Entries(tenant), keys.Expiry(tenant), keys.Cites(tenant, documentId)],
            [RedisValue.EmptyString, keys.Tenant(tenant)]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
        var held = (long)reply[0];
        await RemoveQuestionsAsync(Ids(reply[1]), cancellationToken).ConfigureAwait(false);
        statistics.RemovedByDocument(held);
        return held;
    }

    /// <inheritdoc />
    public SemanticAnswerStatisticsSnapshot Statistics() => statistics.Snapshot();

    /// <summary>
    /// The questions' index of embedding version <paramref name="embeddingVersion"/>, for vectors of
    /// <paramref name="dimension"/> dimensions: <c>answers</c> for version 1, <c>answers_vn</c> after it, never shared
    /// with the documents' index.
    /// </summary>
    public static VectorIndexSchema Schema(SemanticAnswerCacheOptions options, int embeddingVersion, int dimension)
    {
        ArgumentNullException.ThrowIfNull(options);
        return VectorHotTier.VersionSchema(
            new VectorIndexSchema
            {
                Name = options.IndexName,
                KeyPrefix = $"{options.KeyPrefix}:question:",
                Dimension = dimension,
                Metric = VectorMetric.Cosine,
                Algorithm = VectorAlgorithm.Hnsw,
                // Exact vectors: the threshold then means the same distance on both engines.
                Quantization = VectorQuantization.NoQuantization,
                TagFields = [VectorFilter.TenantField, ContextField, GeneratorField],
                NumericFields = [new NumericField(DeadlineField)],
                TextFields = [],
            },
            embeddingVersion);
    }

    /// <summary>A value as a TAG: the first 128 bits of its SHA-256, in hex, which both engines' filters take as one literal.</summary>
    internal static string Digest(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 16));

    private static VectorFilter Filter(SemanticScope scope, long now) => new()
    {
        Tenant = scope.Tenant,
        Tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ContextField] = Digest(scope.ContextHash),
            [GeneratorField] = Digest(scope.GeneratorId),
        },
        Ranges = new Dictionary<string, NumericRange>(StringComparer.Ordinal) { [DeadlineField] = new NumericRange(Min: now, MinExclusive: true) },
    };

    private async Task<IVectorIndex> IndexAsync(int version, int dimension, CancellationToken cancellationToken)
    {
        if (indexes.TryGetValue((version, dimension), out var open))
        {
            return open;
        }

        var index = engine().Open(redis, Schema(options, version, dimension));
        await index.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return indexes.GetOrAdd((version, dimension), index);
    }

    private async Task<EntryRecord?> TouchAsync(string tenant, string id, long now, CancellationToken cancellationToken)
    {
        var reply = await redis.GetDatabase().ScriptEvaluateAsync(TouchScript, [keys.Expiry(tenant), keys.Entry(tenant, id)], [id, now])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (reply.IsNull)
        {
            return null;
        }

        var fields = (RedisResult[])reply!;
        var cites = fields[1].ToString();
        return new EntryRecord(
            fields[0].ToString(),
            cites.Length == 0 ? [] : cites.Split('\n'),
            long.Parse(fields[2].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture),
            fields[3].ToString(),
            fields[4].ToString());
    }

    private async Task RemoveAsync(string tenant, string[] ids, CancellationToken cancellationToken)
    {
        await redis.GetDatabase().ScriptEvaluateAsync(
            RemoveScript,
            [keys.Entries(tenant), keys.Expiry(tenant)],
            [RedisValue.EmptyString, keys.Tenant(tenant), RedisValue.EmptyString, .. ids.Select(id => (RedisValue)id)])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        await RemoveQuestionsAsync(ids, cancellationToken).ConfigureAwait(false);
    }

    // Each id names its index (version and dimension), so a question leaves its index even after its record expired.
    private async Task RemoveQuestionsAsync(string[] ids, CancellationToken cancellationToken)
    {
        foreach (var group in ids.Select(SemanticEntryId.Parse).OfType<SemanticEntryId>().GroupBy(id => (id.EmbeddingVersion, id.Dimension)))
        {
            var index = await IndexAsync(group.Key.EmbeddingVersion, group.Key.Dimension, cancellationToken).ConfigureAwait(false);
            foreach (var id in group)
            {
                await index.DeleteAsync(id.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void Validate(SemanticScope scope, float[] questionVector)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.Validate();
        if (questionVector is null || questionVector.Length is 0 or > VectorIndexSchema.MaxDimension || !Array.TrueForAll(questionVector, float.IsFinite))
        {
            throw new ArgumentException(
                $"questionVector must hold 1 to {VectorIndexSchema.MaxDimension} finite numbers.", nameof(questionVector));
        }
    }

    private static string[] CitedIds(IReadOnlyCollection<string> citedDocumentIds)
    {
        ArgumentNullException.ThrowIfNull(citedDocumentIds);
        var distinct = citedDocumentIds.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length > MaxCitedDocuments)
        {
            throw new ArgumentException($"An answer may cite at most {MaxCitedDocuments} documents; this one cites {distinct.Length}.", nameof(citedDocumentIds));
        }

        foreach (var document in distinct)
        {
            if (VectorDocument.CheckId(document, nameof(citedDocumentIds)) is { } error)
            {
                throw error.ToException();
            }
        }

        return distinct;
    }

    private static string[] Ids(RedisResult reply) => reply.IsNull ? [] : [.. ((RedisResult[])reply!).Select(id => id.ToString())];

    private sealed record EntryRecord(string AnswerKey, string[] Cites, long ExpiresAt, string Context, string Generator);
}
