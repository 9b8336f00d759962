using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RedisAspire.Core.Connections;

namespace RedisAspire.Core.Retrieval;

/// <summary>Where the cold tier's searches read: a read replica of the primary, or, when none is configured, the primary itself.</summary>
/// <param name="Replica">The replica's data source; null when searches read from the primary.</param>
internal sealed record ColdTierReadSource(NpgsqlDataSource? Replica)
{
    /// <summary>
    /// The replica registered keyed <see cref="PostgresConnectionNames.Read"/> (<c>ConnectionStrings:db-read</c>), unless
    /// that is the primary's own data source or nothing is registered under the key.
    /// </summary>
    public static ColdTierReadSource From(IServiceProvider services)
    {
        var primary = services.GetRequiredService<NpgsqlDataSource>();
        var read = services.GetKeyedService<NpgsqlDataSource>(PostgresConnectionNames.Read);
        return new ColdTierReadSource(read is null || ReferenceEquals(read, primary) ? null : read);
    }
}
