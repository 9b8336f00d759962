using StackExchange.Redis;

namespace RedisAspire.Core.Caching.Eviction;

/// <summary>
/// Changes a local Redis's eviction policy and <c>maxmemory</c> with <c>CONFIG SET</c>, when
/// <see cref="CacheEvictionOptions.AllowPolicyChanges"/> says the application may.
/// </summary>
/// <param name="redis">
/// The application's connection. It may stay without <c>allowAdmin</c>, which the client requires for <c>CONFIG</c>: each
/// change then opens a short-lived copy of it with <c>allowAdmin=true</c>.
/// </param>
/// <param name="options">Whether changes are allowed.</param>
public sealed class EvictionPolicyChanger(IConnectionMultiplexer redis, CacheEvictionOptions options)
{
    /// <summary>Whether <see cref="ChangeAsync"/> may touch the server.</summary>
    public bool PolicyChangesAllowed => options.AllowPolicyChanges;

    /// <summary>
    /// Sets <c>maxmemory-policy</c> and then, if given, <c>maxmemory</c> (each shard's own limit on a cluster), on every
    /// primary <see cref="RedisMemoryReport"/> reads. Throws <see cref="EvictionPolicyChangeNotAllowedException"/>
    /// without connecting when changes are off, and <see cref="ArgumentException"/> when <paramref name="change"/> is not
    /// valid. Returns the report read afterwards.
    /// </summary>
    public async Task<RedisMemoryReport> ChangeAsync(EvictionPolicyChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!options.AllowPolicyChanges)
        {
            throw new EvictionPolicyChangeNotAllowedException();
        }

        InputError.ThrowFirst(change.Errors());

        var admin = await AdminConnection.OpenAsync(redis, cancellationToken).ConfigureAwait(false);
        await using (admin.ConfigureAwait(false))
        {
            foreach (var primary in admin.Primaries)
            {
                // The policy first: lowering maxmemory below the memory in use evicts at once, under the policy then in force.
                await primary.ConfigSetAsync("maxmemory-policy", change.Policy).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (change.MaxMemoryBytes is { } maxMemory)
                {
                    await primary.ConfigSetAsync("maxmemory", maxMemory).WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return await RedisMemoryReport.ReadAsync(admin, cancellationToken).ConfigureAwait(false);
        }
    }
}
