using StackExchange.Redis;

namespace RedisAspire.Core.Connections;

/// <summary>
/// Subscriptions on the pub/sub connection that a multiplexer keeps beside its command connection: the right place
/// whenever that connection's credential never expires (no password, or an access key).
/// </summary>
public sealed class SharedConnectionSubscriptions : IChannelSubscriptions, IDisposable
{
    private readonly IConnectionMultiplexer redis;

    public SharedConnectionSubscriptions(IConnectionMultiplexer redis)
    {
        this.redis = redis ?? throw new ArgumentNullException(nameof(redis));
        redis.ConnectionRestored += OnConnectionRestored;
    }

    /// <inheritdoc />
    public event Action? MessagesMayHaveBeenMissed;

    /// <inheritdoc />
    public Task SubscribeAsync(RedisChannel channel, Action<RedisChannel, RedisValue> handler, CancellationToken cancellationToken) =>
        redis.GetSubscriber().SubscribeAsync(channel, handler).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public async Task UnsubscribeAsync(RedisChannel channel, Action<RedisChannel, RedisValue> handler, CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(channel, handler).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (ChannelSubscriptionFailures.IsConnectionGone(exception))
        {
        }
    }

    public void Dispose() => redis.ConnectionRestored -= OnConnectionRestored;

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            MessagesMayHaveBeenMissed?.Invoke();
        }
    }
}
