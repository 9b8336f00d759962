using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Search results through the result cache: a query asked again within <see cref="RetrievalOptions.ResultTimeToLive"/>
/// is answered from Redis (or the in-process copy) and still counts its asks. A changed document drops the cached
/// results of its tenant's queries and of queries without a tenant; a new hot set drops them all.
/// </summary>
public sealed class SearchResultCache
{
    private readonly TwoTierRetriever retriever;
    private readonly IResultCache cache;
    private readonly IAskCounter asks;
    private readonly string indexName;
    private readonly IOptions<RetrievalOptions> options;
    private readonly ReplicaFreshness? freshness;

    internal SearchResultCache(
        TwoTierRetriever retriever,
        IResultCache cache,
        IAskCounter asks,
        string indexName,
        IOptions<RetrievalOptions> options,
        ReplicaFreshness? freshness = null)
    {
        this.freshness = freshness;
        this.retriever = retriever;
        this.cache = cache;
        this.asks = asks;
        this.indexName = indexName;
        this.options = options;
    }

    /// <summary>The answer, and where it came from: the cache (Hit, L1Hit) or the tiers (Miss); null when results are not cached.</summary>
    public async Task<(RetrievalResult Result, CacheOutcome? Outcome)> RetrieveAsync(RetrievalQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var timeToLive = options.Value.ResultTimeToLive;
        if (timeToLive <= TimeSpan.Zero)
        {
            return (await retriever.RetrieveAsync(query, cancellationToken).ConfigureAwait(false), null);
        }

        var tenant = query.Search.Filter?.Tenant;
        var policy = CachePolicy.Fixed(timeToLive) with
        {
            UseL1 = true,
            Tags = [SearchResultKeys.IndexTag(indexName), SearchResultKeys.TenantTag(indexName, tenant)],
        };
        var cached = await cache.GetOrCreateAsync(
            SearchResultKeys.Key(indexName, query),
            async token => await retriever.RetrieveAsync(query, token).ConfigureAwait(false),
            policy,
            cancellationToken).ConfigureAwait(false);

        // The retriever counted the asks of the answer it computed; an answer from the cache is asked again too.
        if (cached.Outcome is CacheOutcome.Hit or CacheOutcome.L1Hit or CacheOutcome.Stale)
        {
            asks.Record(tenant, [.. cached.Value.Hits.Select(hit => hit.Id)]);
        }

        retriever.Telemetry.RecordResultCache(cached.Outcome);

        return (cached.Value, cached.Outcome);
    }

    /// <summary>
    /// Drops the cached results a change to a document of <paramref name="tenant"/> may have made wrong. With a read
    /// replica, first records the primary's position, so that no search the replica answers from before it is returned
    /// or cached again (<see cref="ReplicaFreshness"/>).
    /// </summary>
    public async Task InvalidateTenantAsync(string tenant, CancellationToken cancellationToken)
    {
        if (freshness is not null)
        {
            await freshness.RecordTenantAsync(tenant, cancellationToken).ConfigureAwait(false);
        }

        await cache.InvalidateTagAsync(SearchResultKeys.TenantTag(indexName, tenant), cancellationToken).ConfigureAwait(false);
        await cache.InvalidateTagAsync(SearchResultKeys.TenantTag(indexName, tenant: null), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops every cached result of the index: after a new hot set, any answer may come from another tier. With a read
    /// replica, first records the primary's position, as <see cref="InvalidateTenantAsync"/> does.
    /// </summary>
    public async Task InvalidateAllAsync(CancellationToken cancellationToken)
    {
        if (freshness is not null)
        {
            await freshness.RecordAllAsync(cancellationToken).ConfigureAwait(false);
        }

        await cache.InvalidateTagAsync(SearchResultKeys.IndexTag(indexName), cancellationToken).ConfigureAwait(false);
    }
}
