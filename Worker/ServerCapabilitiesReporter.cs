using Npgsql;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Worker;

/// <summary>Logs, once at start, which vector engines the servers offer: the first thing to read when search misbehaves.</summary>
internal sealed partial class ServerCapabilitiesReporter(
    IConnectionMultiplexer redis,
    NpgsqlDataSource postgres,
    ILogger<ServerCapabilitiesReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A report only: whatever goes wrong is logged and must not stop the Worker.
        try
        {
            var redisInfo = await RedisCapabilityProbe.ProbeAsync(redis, stoppingToken);
            var postgresInfo = await PostgresCapabilityProbe.ProbeAsync(postgres, stoppingToken);
            LogCapabilities(redisInfo.Version, redisInfo.HasVectorSets, redisInfo.HasQueryEngine,
                postgresInfo.Version, postgresInfo.PgvectorVersion ?? "not created");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogProbeFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Redis {RedisVersion} (Vector Sets: {VectorSets}, query engine: {QueryEngine}); PostgreSQL {PostgresVersion} with pgvector {Pgvector}")]
    private partial void LogCapabilities(Version redisVersion, bool vectorSets, bool queryEngine, string postgresVersion, string pgvector);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The servers could not be probed")]
    private partial void LogProbeFailed(Exception exception);
}
