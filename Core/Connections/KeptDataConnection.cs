using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace RedisAspire.Core.Connections;

/// <summary>
/// The Redis for data that must never be evicted (the vector hot tier, the ingestion queue) and its subscriptions: the
/// <see cref="RedisConnectionNames.Vectors"/> ones when registered, else the only ones.
/// </summary>
internal static class KeptDataConnection
{
    /// <summary>The connection that holds data which must never be evicted.</summary>
    public static IConnectionMultiplexer Of(IServiceProvider services) =>
        services.GetKeyedService<IConnectionMultiplexer>(RedisConnectionNames.Vectors) ?? services.GetRequiredService<IConnectionMultiplexer>();

    /// <summary>The channel subscriptions on the server of <see cref="Of"/>: messages published there arrive here.</summary>
    public static IChannelSubscriptions SubscriptionsOf(IServiceProvider services) =>
        services.GetKeyedService<IChannelSubscriptions>(RedisConnectionNames.Vectors) ?? services.GetRequiredService<IChannelSubscriptions>();
}
