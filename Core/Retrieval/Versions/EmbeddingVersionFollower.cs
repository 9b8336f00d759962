using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using RedisAspire.Core.Connections;
using StackExchange.Redis;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Keeps <see cref="EmbeddingSpaces.Live"/> current: opens the live version at start-up (the host does not start
/// without one), then reads it again when a switch is announced on <see cref="SwitchChannel"/> and every
/// <see cref="RetrievalOptions.VersionCheckInterval"/> in case an announcement was missed (pub/sub does not replay).
/// </summary>
internal sealed partial class EmbeddingVersionFollower(
    EmbeddingSpaces spaces,
    IChannelSubscriptions subscriptions,
    IOptions<RetrievalOptions> options,
    ILogger<EmbeddingVersionFollower> logger) : BackgroundService
{
    /// <summary>The channel a switch of the live version is announced on; the message is the new version's number.</summary>
    public static readonly RedisChannel SwitchChannel = RedisChannel.Literal("embedding-versions:switched");

    private Action<RedisChannel, RedisValue>? onSwitch;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await spaces.RefreshAsync(cancellationToken).ConfigureAwait(false);
        onSwitch = (_, _) => _ = RefreshQuietlyAsync();
        await subscriptions.SubscribeAsync(SwitchChannel, onSwitch, cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (onSwitch is not null)
        {
            await subscriptions.UnsubscribeAsync(SwitchChannel, onSwitch, cancellationToken).ConfigureAwait(false);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.VersionCheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await RefreshQuietlyAsync().ConfigureAwait(false);
        }
    }

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await spaces.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or RedisException or InvalidOperationException or TimeoutException)
        {
            // The current space stays in use; the next announcement or check tries again.
            LogRefreshFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read which embedding version is live; the current one stays in use")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
