using RedisAspire.AppHost.LocalServers;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>The Redis and PostgreSQL installations the tests run, found once the way the AppHost finds them.</summary>
internal static class LocalInstallations
{
    public static readonly IProcessRunner Processes = new ProcessRunner();

    private static readonly Lazy<LocalServerLocator> Locator = new(() => new LocalServerLocator(
        Processes,
        [ServerRoot.Host, new ServerRoot(Environment.GetEnvironmentVariable("REDISASPIRE_SERVERS_ROOT") ?? "/opt/redisaspire/servers")],
        Environment.GetEnvironmentVariable("PATH")));

    private static readonly Lazy<RedisInstallation> RedisInstallation = new(() => Locator.Value.LocateRedis());
    private static readonly Lazy<PostgresInstallation> PostgresInstallation = new(() => Locator.Value.LocatePostgres());

    public static RedisInstallation Redis => RedisInstallation.Value;

    public static PostgresInstallation Postgres => PostgresInstallation.Value;
}
