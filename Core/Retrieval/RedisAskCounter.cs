using StackExchange.Redis;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Ask counts in Redis sorted sets, one for all documents (<c>hotset:asks</c>) and one per tenant
/// (<c>hotset:asks:{tenant}</c>), incremented with fire-and-forget <c>ZINCRBY</c>s so an answer never waits for them;
/// the tenants that have asks are in a set beside them (<c>hotset:asks#tenants</c>), so a refresh can give each its share.
/// </summary>
/// <param name="redis">The connection.</param>
/// <param name="globalKey">The sorted set of every document's asks; per-tenant sets add <c>:{tenant}</c>.</param>
public sealed class RedisAskCounter(IConnectionMultiplexer redis, string globalKey = RedisAskCounter.DefaultGlobalKey) : IAskCounter
{
    /// <summary>The sorted set of every document's asks, unless another is given.</summary>
    public const string DefaultGlobalKey = "hotset:asks";

    /// <summary>The sorted set of every document's asks.</summary>
    public string GlobalKey { get; } = globalKey;

    /// <summary>The sorted set of one tenant's documents' asks.</summary>
    public string TenantKey(string tenant) => $"{GlobalKey}:{tenant}";

    /// <summary>The set of tenants that have asks.</summary>
    /// <remarks>No tenant's key can be this one: they all continue the global key with ':', this one with '#'.</remarks>
    public string TenantsKey => $"{GlobalKey}#tenants";

    /// <inheritdoc />
    public void Record(string? tenant, IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        try
        {
            var database = redis.GetDatabase();
            if (!string.IsNullOrEmpty(tenant) && ids.Count > 0)
            {
                database.SetAdd(TenantsKey, tenant, CommandFlags.FireAndForget);
            }

            foreach (var id in ids)
            {
                database.SortedSetIncrement(GlobalKey, id, 1, CommandFlags.FireAndForget);
                if (!string.IsNullOrEmpty(tenant))
                {
                    database.SortedSetIncrement(TenantKey(tenant), id, 1, CommandFlags.FireAndForget);
                }
            }
        }
        catch (RedisException)
        {
            // Ask counts only rank documents for the next hot set: losing a few while Redis is away is acceptable.
        }
    }

    /// <summary>The <paramref name="count"/> most-asked documents, most asked first, of one tenant or of all.</summary>
    public async Task<IReadOnlyList<(string Id, double Asks)>> TopAsync(string? tenant, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return [];
        }

        var entries = await redis.GetDatabase()
            .SortedSetRangeByRankWithScoresAsync(string.IsNullOrEmpty(tenant) ? GlobalKey : TenantKey(tenant), 0, count - 1, Order.Descending)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(entry => (entry.Element.ToString(), entry.Score))];
    }

    /// <summary>The tenants that have asks, in ordinal order.</summary>
    public async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken cancellationToken)
    {
        var members = await redis.GetDatabase().SetMembersAsync(TenantsKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. members.Select(member => member.ToString()).Order(StringComparer.Ordinal)];
    }
}
