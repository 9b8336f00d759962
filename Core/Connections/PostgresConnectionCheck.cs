namespace RedisAspire.Core.Connections;

/// <summary>What the start-up self-check found on the PostgreSQL connection; never a secret.</summary>
/// <param name="Tls">Whether the connection string requires TLS (<c>SSL Mode</c> Require or stricter).</param>
/// <param name="Authentication">How the service authenticates.</param>
public sealed record PostgresConnectionCheck(bool Tls, ServerAuthentication Authentication);
