using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace RedisAspire.Core.Caching;

/// <summary>
/// Publishes this replica's cache counters every <see cref="ResultCacheOptions.ReplicaReportInterval"/>, so that any
/// replica can show every replica's (<see cref="CacheReplicas"/>). A failed report is logged once and retried at the
/// next tick; a stopped replica's report expires by itself.
/// </summary>
public sealed partial class CacheReplicaReporter(
    CacheReplicas replicas, IOptions<ResultCacheOptions> options, TimeProvider time, ILogger<CacheReplicaReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReplicaReportInterval, time);
        var failing = false;
        do
        {
            try
            {
                await replicas.PublishAsync(stoppingToken).ConfigureAwait(false);
                if (failing)
                {
                    LogReportsResumed(replicas.Identity.Id);
                }

                failing = false;
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // The host is stopping, and may be closing the connection under the report: it would expire anyway.
                return;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
            {
                if (!failing)
                {
                    LogReportFailed(exception, replicas.Identity.Id);
                }

                failing = true;
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} could not report its cache counters to Redis; other replicas do not see it until it can")]
    private partial void LogReportFailed(Exception exception, string replica);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Replica} reports its cache counters to Redis again")]
    private partial void LogReportsResumed(string replica);
}
