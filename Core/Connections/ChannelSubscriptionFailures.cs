using StackExchange.Redis;

namespace RedisAspire.Core.Connections;

/// <summary>What an unsubscribe may meet while the connection fails or closes, and may then ignore.</summary>
internal static class ChannelSubscriptionFailures
{
    /// <summary>The connection failed, timed out or was disposed under the call (not a cancellation: that is the caller's).</summary>
    public static bool IsConnectionGone(Exception exception) =>
        exception is RedisException or TimeoutException or ObjectDisposedException;
}
