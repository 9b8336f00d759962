using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RedisAspire.Contracts;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Api.Apis.Status;

/// <summary><c>GET /status</c>: one round trip through each server, with what each can do and how it is reached.</summary>
public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status", GetStatusAsync)
            .WithName("GetStatus")
            .WithSummary("Versions, vector capabilities and the start-up self-check (TLS, credential kind, eviction, clustering) of the servers in use")
            .WithTags("Status")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return app;
    }

    public static async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> GetStatusAsync(
        IConnectionMultiplexer redis, NpgsqlDataSource postgres, ServerSelfCheck selfCheck, CancellationToken cancellationToken)
    {
        var redisProbe = RedisCapabilityProbe.ProbeAsync(redis, cancellationToken);
        var postgresProbe = PostgresCapabilityProbe.ProbeAsync(postgres, cancellationToken);

        RedisServerInfo redisInfo;
        try
        {
            redisInfo = await redisProbe;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            await IgnoreFailure(postgresProbe);
            return Unavailable("Redis", exception.Message);
        }

        PostgresServerInfo postgresInfo;
        try
        {
            postgresInfo = await postgresProbe;
        }
        catch (NpgsqlException exception)
        {
            return Unavailable("PostgreSQL", exception.Message);
        }

        ServerSelfCheckResult setup;
        try
        {
            setup = await selfCheck.GetAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return Unavailable("Redis", exception.Message);
        }

        return TypedResults.Ok(new StatusResponse(
            new RedisStatus(redisInfo.Version.ToString(), redisInfo.HasVectorSets, redisInfo.HasQueryEngine),
            new PostgresStatus(postgresInfo.Version, postgresInfo.PgvectorVersion, postgresInfo.PgvectorAvailableVersion),
            [.. setup.Redis.Select(ToStatus)],
            new PostgresConnectionStatus(setup.Postgres.Tls, setup.Postgres.Authentication.ToString())));
    }

    private static RedisConnectionStatus ToStatus(RedisConnectionCheck check) => new(
        check.Name, check.Tls, check.Authentication.ToString(), check.SearchModule, check.VectorSets, check.EvictionPolicy,
        check.ClusterEnabled, check.HoldsHotTier, check.Warning);

    private static ProblemHttpResult Unavailable(string server, string reason) =>
        TypedResults.Problem(title: $"{server} did not answer", detail: reason, statusCode: StatusCodes.Status503ServiceUnavailable);

    private static async Task IgnoreFailure(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception exception) when (exception is NpgsqlException or RedisException or TimeoutException)
        {
            // Only the first failure is reported.
        }
    }
}
