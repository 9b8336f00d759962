namespace RedisAspire.Core.Connections;

/// <summary>The start-up self-check: every Redis connection (one when <c>vectors</c> shares <c>cache</c>) and PostgreSQL.</summary>
public sealed record ServerSelfCheckResult(IReadOnlyList<RedisConnectionCheck> Redis, PostgresConnectionCheck Postgres);
