using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary>The body of <c>GET /status</c>.</summary>
public sealed record StatusResponse(RedisStatus Redis, PostgresStatus Postgres)
{
    public static StatusResponse From(RedisServerInfo redis, PostgresServerInfo postgres) => new(
        new RedisStatus(redis.Version.ToString(), redis.HasVectorSets, redis.HasQueryEngine),
        new PostgresStatus(postgres.Version, postgres.PgvectorVersion, postgres.PgvectorAvailableVersion));
}

/// <param name="Version">The Redis server version.</param>
/// <param name="VectorSets">Whether Vector Sets (<c>VADD</c>/<c>VSIM</c>) are available.</param>
/// <param name="QueryEngine">Whether the query engine (<c>FT.SEARCH</c> with vector fields) is available.</param>
public sealed record RedisStatus(string Version, bool VectorSets, bool QueryEngine);

/// <param name="Version">The PostgreSQL server version.</param>
/// <param name="Pgvector">The pgvector version created in the database, or null.</param>
/// <param name="PgvectorAvailable">The pgvector version the server can install, or null.</param>
public sealed record PostgresStatus(string Version, string? Pgvector, string? PgvectorAvailable);
