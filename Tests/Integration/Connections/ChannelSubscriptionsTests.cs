using RedisAspire.Core.Connections;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Connections;

/// <summary>Unsubscribing while the connection goes away, as a host shutting down does: the handler stops, nothing throws.</summary>
[Trait("Category", "Integration")]
public sealed class ChannelSubscriptionsTests
{
    [Fact]
    public async Task UnsubscribingWhileTheConnectionIsBeingClosedDoesNotThrow()
    {
        await using var server = await RedisServer.StartAsync();
        // As a host stops its services while another one closes the shared connection: the UNSUBSCRIBE may be written
        // and its socket closed before the reply. Many rounds, so that the close falls at each point of the unsubscribe.
        for (var round = 0; round < 40; round++)
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
            using var subscriptions = new SharedConnectionSubscriptions(redis);
            var channel = RedisChannel.Literal($"closing-{round}");
            Action<RedisChannel, RedisValue> handler = (_, _) => { };
            await subscriptions.SubscribeAsync(channel, handler, CancellationToken.None);

            var unsubscribing = subscriptions.UnsubscribeAsync(channel, handler, CancellationToken.None);
            var closing = redis.CloseAsync(allowCommandsToComplete: false);

            await unsubscribing;
            await closing;
            await redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task UnsubscribingAfterTheConnectionWasClosedDoesNotThrow()
    {
        await using var server = await RedisServer.StartAsync();
        var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        using var subscriptions = new SharedConnectionSubscriptions(redis);
        var channel = RedisChannel.Literal($"closed-{Guid.NewGuid():N}");
        Action<RedisChannel, RedisValue> handler = (_, _) => { };
        await subscriptions.SubscribeAsync(channel, handler, CancellationToken.None);

        await redis.DisposeAsync();

        await subscriptions.UnsubscribeAsync(channel, handler, CancellationToken.None);
    }
}
