using StackExchange.Redis;

namespace RedisAspire.Core.Caching.Eviction;

/// <summary>
/// A connection on which StackExchange.Redis allows <c>INFO</c> and <c>CONFIG</c>: it refuses both, client-side, unless
/// <c>allowAdmin</c> is set, and the application's own connection rightly has it off (it also guards <c>FLUSHALL</c>,
/// <c>KEYS</c> and the like). When the given connection lacks it, a short-lived second connection is opened from its
/// configuration string with <c>allowAdmin=true</c> and closed after the operation. A fresh copy per operation also picks
/// up the current password when a token credential renews it. What a configuration string cannot carry (certificate
/// callbacks) is not copied.
/// </summary>
internal sealed class AdminConnection : IAsyncDisposable
{
    private readonly ConnectionMultiplexer? owned;

    private AdminConnection(IConnectionMultiplexer redis, ConnectionMultiplexer? owned)
    {
        var servers = redis.GetServers();
        IServer[] primaries = [.. servers.Where(server => server.IsConnected && !server.IsReplica)];
        Primaries = primaries.Length > 0 ? primaries
            : [servers.FirstOrDefault() ?? throw new InvalidOperationException("The Redis connection has no server configured.")];
        this.owned = owned;
    }

    /// <summary>The first connected primary, on which INFO and CONFIG may run.</summary>
    public IServer Server => Primaries[0];

    /// <summary>
    /// Every connected primary: one, or each shard's of a cluster that shows its shards (a proxied cluster such as Azure
    /// Managed Redis's Enterprise policy shows one endpoint).
    /// </summary>
    public IReadOnlyList<IServer> Primaries { get; }

    public static async Task<AdminConnection> OpenAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var configuration = ConfigurationOptions.Parse(redis.Configuration);
        if (configuration.AllowAdmin)
        {
            return new AdminConnection(redis, owned: null);
        }

        configuration.AllowAdmin = true;
        // Not abandoned on cancellation, which would leak the connection; the connect timeout bounds the wait.
        var admin = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new AdminConnection(admin, admin);
        }
        catch
        {
            await admin.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
