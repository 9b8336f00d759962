namespace RedisAspire.Web.Services;

/// <summary>The Api's <c>GET /status</c> body, as the dashboard reads it.</summary>
public sealed record ServerStatus(RedisServerStatus Redis, PostgresServerStatus Postgres);

public sealed record RedisServerStatus(string Version, bool VectorSets, bool QueryEngine);

public sealed record PostgresServerStatus(string Version, string? Pgvector, string? PgvectorAvailable);
