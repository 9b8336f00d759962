namespace RedisAspire.Contracts;

/// <summary>The body of <c>GET /status</c>: the servers in use and what each can do.</summary>
/// <param name="Redis">The Redis server.</param>
/// <param name="Postgres">The PostgreSQL server.</param>
/// <param name="RedisConnections">How each Redis connection is reached (one, or two when the hot tier has its own Redis).</param>
/// <param name="PostgresConnection">How PostgreSQL is reached.</param>
public sealed record StatusResponse(
    RedisStatus Redis, PostgresStatus Postgres, IReadOnlyList<RedisConnectionStatus> RedisConnections, PostgresConnectionStatus PostgresConnection);

/// <summary>The Redis server's version and vector engines.</summary>
/// <param name="Version">The Redis server version.</param>
/// <param name="VectorSets">Whether Vector Sets (<c>VADD</c>/<c>VSIM</c>) are available.</param>
/// <param name="QueryEngine">Whether the query engine (<c>FT.SEARCH</c> with vector fields) is available.</param>
public sealed record RedisStatus(string Version, bool VectorSets, bool QueryEngine);

/// <summary>The PostgreSQL server's version and pgvector.</summary>
/// <param name="Version">The PostgreSQL server version.</param>
/// <param name="Pgvector">The pgvector version created in the database, or null.</param>
/// <param name="PgvectorAvailable">The pgvector version the server can install, or null.</param>
public sealed record PostgresStatus(string Version, string? Pgvector, string? PgvectorAvailable);
