using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Reembedding;
using RedisAspire.Core.Retrieval;
using StackExchange.Redis;

namespace RedisAspire.Worker;

/// <summary>
/// Runs re-embeddings: the one asked for through the Api (announced on pub/sub, and looked for every
/// <c>Reembed:PollInterval</c> in case the announcement was missed), or, with <c>Reembed:OnModelChange</c>, the one the
/// configuration asks for by naming another model than the live one. Also drops replaced versions when their time comes.
/// </summary>
internal sealed partial class ReembedWorker(
    IServiceProvider services,
    IChannelSubscriptions subscriptions,
    IOptions<ReembedOptions> options,
    ILogger<ReembedWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not in the constructor: the versions are read by another hosted service's start.
        var runner = services.GetRequiredService<ReembedRunner>();
        var spaces = services.GetRequiredService<EmbeddingSpaces>();
        var configured = services.GetRequiredService<EmbeddingGenerators>().Configured;
        using var wake = new SemaphoreSlim(0);
        await subscriptions.SubscribeAsync(ReembedRunner.RequestChannel, (_, _) => wake.Release(), stoppingToken).ConfigureAwait(false);
        if (options.Value.OnModelChange && spaces.Live.Version.Model != configured)
        {
            await RequestQuietlyAsync(runner, configured, stoppingToken).ConfigureAwait(false);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner.RunPendingAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Recorded on the version as failed; the Worker goes on serving the live one.
                LogFailed(logger, exception);
            }

            await wake.WaitAsync(options.Value.PollInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RequestQuietlyAsync(ReembedRunner runner, EmbeddingModel configured, CancellationToken cancellationToken)
    {
        try
        {
            await runner.RequestAsync(configured, force: false, cancellationToken).ConfigureAwait(false);
        }
        catch (ReembedConflictException exception)
        {
            // Another Worker asked first, or a build from the Api runs: it is run below all the same.
            LogAlreadyRequested(logger, exception.Message);
        }
        catch (Exception exception) when (exception is ReembedNotNeededException or ArgumentException)
        {
            LogNotRequested(logger, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A re-embedding failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The configured embedding model is not the live one, and a re-embedding is already recorded: {Detail}")]
    private static partial void LogAlreadyRequested(ILogger logger, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The configured embedding model is not the live one, but no re-embedding was recorded: {Detail}")]
    private static partial void LogNotRequested(ILogger logger, string detail);
}
