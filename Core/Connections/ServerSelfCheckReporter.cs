using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RedisAspire.Core.Connections;

/// <summary>Logs the <see cref="ServerSelfCheck"/> once at start: the first thing to read when a deployment misbehaves.</summary>
internal sealed partial class ServerSelfCheckReporter(ServerSelfCheck check, ILogger<ServerSelfCheckReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A report only: whatever goes wrong is logged and must not stop the service.
        try
        {
            var result = await check.GetAsync(stoppingToken).ConfigureAwait(false);
            foreach (var redis in result.Redis)
            {
                LogRedis(logger, redis.Name, redis.Tls, redis.Authentication, redis.SearchModule, redis.VectorSets,
                    redis.EvictionPolicy, redis.ClusterEnabled, redis.HoldsHotTier);
                if (redis.Warning is { } warning)
                {
                    LogHotTierEvictable(logger, redis.Name, warning);
                }
            }

            LogPostgres(logger, result.Postgres.Tls, result.Postgres.Authentication);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCheckFailed(logger, exception);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Redis '{Name}': TLS {Tls}, authentication {Authentication}, search module {SearchModule}, Vector Sets {VectorSets}, eviction policy {EvictionPolicy}, cluster enabled {ClusterEnabled}, vector hot tier {HoldsHotTier}")]
    private static partial void LogRedis(ILogger logger, string name, bool tls, ServerAuthentication authentication, bool searchModule,
        bool vectorSets, string evictionPolicy, bool clusterEnabled, bool holdsHotTier);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Redis '{Name}': {Warning}")]
    private static partial void LogHotTierEvictable(ILogger logger, string name, string warning);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "PostgreSQL: TLS {Tls}, authentication {Authentication}")]
    private static partial void LogPostgres(ILogger logger, bool tls, ServerAuthentication authentication);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The start-up self-check of the servers failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
