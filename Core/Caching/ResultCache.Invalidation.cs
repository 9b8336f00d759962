using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace RedisAspire.Core.Caching;

public sealed partial class ResultCache
{
    private const string KeyMessagePrefix = "k:";
    private const string TagMessagePrefix = "t:";

    /// <summary>Set on dispose: an unsubscription takes effect a little later, and the copies are gone by then.</summary>
    private volatile bool stoppedListening;

    public async ValueTask<bool> InvalidateAsync(string key, CancellationToken cancellationToken = default)
    {
        CacheKeys.ValidateKey(key);
        l1.Remove(key);
        var database = redis.GetDatabase();
        var deleted = await database.KeyDeleteAsync(keys.Value(key)).WaitAsync(cancellationToken).ConfigureAwait(false);
        await PublishInvalidationAsync(KeyMessagePrefix + key).WaitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async ValueTask<long> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        CacheKeys.ValidateTag(tag);
        l1.RemoveTag(tag);
        var database = redis.GetDatabase();
        var tagKey = keys.Tag(tag);
        var members = await database.SetMembersAsync(tagKey).WaitAsync(cancellationToken).ConfigureAwait(false);

        // One DEL per entry: entries live in different slots, so no single command or script may span them.
        var deletions = members.Select(member => database.KeyDeleteAsync(keys.Value(member.ToString()))).ToList();
        var tagDeletion = database.KeyDeleteAsync([tagKey, keys.PermanentTag(tag)]);
        var deleted = await Task.WhenAll(deletions).WaitAsync(cancellationToken).ConfigureAwait(false);
        await tagDeletion.WaitAsync(cancellationToken).ConfigureAwait(false);
        await PublishInvalidationAsync(TagMessagePrefix + tag).WaitAsync(cancellationToken).ConfigureAwait(false);
        return deleted.Count(wasThere => wasThere);
    }

    private async Task PublishInvalidationAsync(string message)
    {
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(keys.InvalidationChannel), message).ConfigureAwait(false);
        Statistics.InvalidationSent();
    }

    /// <summary>
    /// Every replica listens for invalidations (to drop its copies) and for stored values (to wake its lock waiters).
    /// Pub/sub is fire-and-forget: after the subscriptions' connection comes back, events may have been missed, so
    /// every copy is dropped.
    /// </summary>
    private void SubscribeToInvalidations()
    {
        _ = SubscribeAsync(keys.InvalidationChannel, invalidationHandler);
        _ = SubscribeAsync(keys.StoredChannel, storedHandler);
        subscriptions.MessagesMayHaveBeenMissed += OnMessagesMayHaveBeenMissed;
    }

    /// <summary>Stops listening: several instances may share one connection, and a disposed one must not be called.</summary>
    private void UnsubscribeFromInvalidations()
    {
        stoppedListening = true;
        subscriptions.MessagesMayHaveBeenMissed -= OnMessagesMayHaveBeenMissed;
        _ = UnsubscribeQuietlyAsync(keys.InvalidationChannel, invalidationHandler);
        _ = UnsubscribeQuietlyAsync(keys.StoredChannel, storedHandler);
    }

    private async Task SubscribeAsync(string channel, Action<RedisChannel, RedisValue> handler)
    {
        try
        {
            await subscriptions.SubscribeAsync(RedisChannel.Literal(channel), handler, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Subscribed again when Redis reconnects; until then copies are not kept in step.
            LogSubscriptionFailed(exception, channel);
        }
    }

    private async Task UnsubscribeQuietlyAsync(string channel, Action<RedisChannel, RedisValue> handler)
    {
        try
        {
            await subscriptions.UnsubscribeAsync(RedisChannel.Literal(channel), handler, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ObjectDisposedException or RedisException or TimeoutException)
        {
            // A host shutting down may have disposed the connection, or what it reports to (its tracing), first: then
            // there is nothing left to unsubscribe from, and disposing must not throw.
        }
    }

    private void OnInvalidation(string message)
    {
        if (stoppedListening)
        {
            return;
        }

        Statistics.InvalidationReceived();
        if (message.StartsWith(KeyMessagePrefix, StringComparison.Ordinal))
        {
            l1.Remove(message[KeyMessagePrefix.Length..]);
        }
        else if (message.StartsWith(TagMessagePrefix, StringComparison.Ordinal))
        {
            l1.RemoveTag(message[TagMessagePrefix.Length..]);
        }
    }

    private void OnMessagesMayHaveBeenMissed()
    {
        if (stoppedListening)
        {
            return;
        }

        l1.Clear();
        LogCopiesCleared();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to {Channel} failed; in-process copies may miss invalidations until Redis reconnects")]
    private partial void LogSubscriptionFailed(Exception exception, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "The subscriptions' connection came back: every in-process copy was dropped, as invalidations may have been missed")]
    private partial void LogCopiesCleared();
}
