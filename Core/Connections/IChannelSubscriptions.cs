using StackExchange.Redis;

namespace RedisAspire.Core.Connections;

/// <summary>
/// Subscriptions to Redis channels for as long as the process lives, whichever connection carries them. Publishing is
/// not here: it is an ordinary command of the <see cref="IConnectionMultiplexer"/>.
/// </summary>
public interface IChannelSubscriptions
{
    /// <summary>
    /// Raised when the connection that carries the subscriptions came back after a failure: Redis does not replay
    /// pub/sub, so messages published meanwhile were missed.
    /// </summary>
    event Action? MessagesMayHaveBeenMissed;

    /// <summary>
    /// Calls <paramref name="handler"/> with every message on <paramref name="channel"/>. Kept even when this call fails
    /// (Redis unreachable): the subscription is made again when the connection comes back.
    /// </summary>
    Task SubscribeAsync(RedisChannel channel, Action<RedisChannel, RedisValue> handler, CancellationToken cancellationToken);

    /// <summary>
    /// Stops calling <paramref name="handler"/>; other handlers of the same channel keep theirs. Never fails because the
    /// connection is failing or closing (a host stopping its services while another closes the connection): the handler
    /// is dropped either way, and Redis drops a connection's subscriptions with it.
    /// </summary>
    Task UnsubscribeAsync(RedisChannel channel, Action<RedisChannel, RedisValue> handler, CancellationToken cancellationToken);
}
