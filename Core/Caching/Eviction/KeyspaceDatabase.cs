namespace RedisAspire.Core.Caching.Eviction;

/// <summary>One database's line of <c>INFO keyspace</c>.</summary>
/// <param name="Database">The database number (<c>db0</c> is 0).</param>
/// <param name="Keys">All keys in the database.</param>
/// <param name="KeysWithTtl">Keys with an expiry (<c>expires</c>): the only ones a <c>volatile-*</c> policy evicts.</param>
/// <param name="AverageTtl">Redis's sampled estimate of the remaining TTL of keys with one; zero when not yet sampled.</param>
public sealed record KeyspaceDatabase(int Database, long Keys, long KeysWithTtl, TimeSpan AverageTtl)
{
    /// <summary>Keys that never expire: only an <c>allkeys-*</c> policy evicts them.</summary>
    public long KeysWithoutTtl => Keys - KeysWithTtl;
}
