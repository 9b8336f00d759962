using Microsoft.Extensions.Logging;
using RedisAspire.Core.Credentials;
using StackExchange.Redis;

namespace RedisAspire.Core.Connections;

/// <summary>
/// Subscriptions on a connection of their own that move to a new connection with each renewed credential.
/// <para>
/// A server that authenticates by token (Azure Managed Redis with Entra ID) closes a connection whose token expires.
/// Command connections stay open by sending <c>AUTH</c> with the new token (<see cref="RedisCredentialRenewal"/>), but a
/// subscribed connection cannot: under RESP2 it accepts only (un)subscribe commands, and the client offers no way to
/// send a command on it. So the subscriptions move instead, long before the old token expires: a new connection made
/// with the renewed credential subscribes to every channel first, and only then does the old one close. Between the
/// two a message may arrive twice, never not at all, so handlers must be idempotent (invalidations, wake-ups and
/// version switches are). The multiplexer of the commands opens no pub/sub connection at all (<see cref="WithoutPubSub"/>).
/// </para>
/// </summary>
internal sealed partial class HandedOverSubscriptions : IChannelSubscriptions, IAsyncDisposable
{
    private static readonly HashSet<string> PubSubCommands =
        ["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE"];

    private readonly ConfigurationOptions template;
    private readonly RenewingCredential credential;
    private readonly ILogger<HandedOverSubscriptions> logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<Subscription> subscriptions = [];
    private Connection? current;
    private int handOvers;

    /// <param name="template">The options of the command connection; each subscription connection is made from a copy.</param>
    /// <param name="credential">The credential each new connection authenticates with.</param>
    /// <param name="logger">Where moves and failures are told.</param>
    public HandedOverSubscriptions(ConfigurationOptions template, RenewingCredential credential, ILogger<HandedOverSubscriptions> logger)
    {
        ArgumentNullException.ThrowIfNull(template);
        this.template = template.Clone();
        this.template.CommandMap = CommandMap.Default;
        this.template.ClientName = string.IsNullOrEmpty(template.ClientName) ? "subscriptions" : template.ClientName + "-subscriptions";
        // Made while Redis may be down (start-up, a failed move): the connection then keeps trying in the background.
        this.template.AbortOnConnectFail = false;
        this.credential = credential ?? throw new ArgumentNullException(nameof(credential));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc />
    public event Action? MessagesMayHaveBeenMissed;

    /// <summary>How many times the subscriptions moved to a new connection.</summary>
    public int HandOvers => Volatile.Read(ref handOvers);

    /// <summary>
    /// The options of a command connection whose subscriptions are made here: no pub/sub connection, which could not
    /// be re-authenticated and would be closed when its token expires.
    /// </summary>
    public static void WithoutPubSub(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CommandMap = CommandMap.Create(PubSubCommands, available: false);
    }

    /// <inheritdoc />
    public async Task SubscribeAsync(RedisChannel channel, Action<RedisChannel, RedisValue> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Kept before it is made: a subscription that fails now is made again by the next connection.
            subscriptions.Add(new Subscription(channel, handler));
            current ??= await ConnectAsync(await credential.GetAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            await current.Redis.GetSubscriber().SubscribeAsync(channel, handler).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task UnsubscribeAsync(RedisChannel channel, Action<RedisChannel, RedisValue> handler, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            subscriptions.Remove(new Subscription(channel, handler));
            if (current is not null)
            {
                await current.Redis.GetSubscriber().UnsubscribeAsync(channel, handler).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (ChannelSubscriptionFailures.IsConnectionGone(exception))
        {
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Moves every subscription to a new connection authenticated with <paramref name="renewed"/>, then closes the old
    /// one. A failure (Redis unreachable) throws, and the renewal is retried; meanwhile the old connection stays, and
    /// reconnects, if it must, with the renewed credential.
    /// </summary>
    public async Task HandOverAsync(ServerCredential renewed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(renewed);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (current is not { } previous)
            {
                // Nothing subscribed yet: the first subscription connects with the current credential.
                return;
            }

            RedisCredentialRenewal.UseFor(previous.Options, renewed);
            var next = await ConnectAsync(renewed).ConfigureAwait(false);
            try
            {
                var subscriber = next.Redis.GetSubscriber();
                foreach (var subscription in subscriptions)
                {
                    await subscriber.SubscribeAsync(subscription.Channel, subscription.Handler).WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                await next.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            current = next;
            await previous.DisposeAsync().ConfigureAwait(false);
            Interlocked.Increment(ref handOvers);
            LogHandedOver(subscriptions.Count, renewed.User, renewed.ExpiresOn);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (current is not null)
            {
                await current.DisposeAsync().ConfigureAwait(false);
                current = null;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<Connection> ConnectAsync(ServerCredential credential)
    {
        var options = template.Clone();
        RedisCredentialRenewal.UseFor(options, credential);
        var redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        var connection = new Connection(redis, options, this);
        redis.ConnectionFailed += connection.OnFailed;
        redis.ConnectionRestored += connection.OnRestored;
        return connection;
    }

    private sealed record Subscription(RedisChannel Channel, Action<RedisChannel, RedisValue> Handler);

    /// <summary>One subscription connection and the options it was made with (which its reconnects use).</summary>
    private sealed class Connection(ConnectionMultiplexer redis, ConfigurationOptions options, HandedOverSubscriptions owner) : IAsyncDisposable
    {
        public ConnectionMultiplexer Redis { get; } = redis;

        public ConfigurationOptions Options { get; } = options;

        public void OnFailed(object? sender, ConnectionFailedEventArgs e) =>
            owner.LogConnectionFailed(e.Exception, e.ConnectionType, e.FailureType);

        public void OnRestored(object? sender, ConnectionFailedEventArgs e)
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                owner.MessagesMayHaveBeenMissed?.Invoke();
            }
        }

        public async ValueTask DisposeAsync()
        {
            // Unhooked first: closing on purpose is not a failure, and nothing was missed.
            Redis.ConnectionFailed -= OnFailed;
            Redis.ConnectionRestored -= OnRestored;
            await Redis.CloseAsync(allowCommandsToComplete: true).ConfigureAwait(false);
            await Redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Count} channel subscriptions moved to a new connection as {User}; its credential expires at {ExpiresOn:O}")]
    private partial void LogHandedOver(int count, string user, DateTimeOffset expiresOn);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The subscription connection's {ConnectionType} connection failed ({FailureType}); it reconnects by itself")]
    private partial void LogConnectionFailed(Exception? exception, ConnectionType connectionType, ConnectionFailureType failureType);
}
