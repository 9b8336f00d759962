using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RedisAspire.AppHost.LocalServers;
using StackExchange.Redis;

namespace RedisAspire.AppHost.DataServers;

internal static class LocalDataServers
{
    private const string DefaultServersRoot = "/opt/redisaspire/servers";

    /// <summary>
    /// redis-server and PostgreSQL found on this machine (or in the servers root <c>eng/setup.sh</c> builds), started by
    /// Aspire as executables on ports it allocates, with their files under the data directory. Throws
    /// <see cref="LocalServersUnavailableException"/>, before anything starts, when either is missing or too old.
    /// </summary>
    public static DataServers AddLocalDataServers(this IDistributedApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("LocalServers");
        var serversRoot = settings["ServersRoot"]
            ?? builder.Configuration["REDISASPIRE_SERVERS_ROOT"]
            ?? DefaultServersRoot;
        var dataDirectory = settings["DataDirectory"]
            ?? Path.Join(builder.AppHostDirectory, "..", ".data");

        var processes = new ProcessRunner();
        var locator = new LocalServerLocator(
            processes, [ServerRoot.Host, new ServerRoot(serversRoot)], Environment.GetEnvironmentVariable("PATH"));
        var redis = locator.LocateRedis();
        var postgres = locator.LocatePostgres();

        var cache = builder.AddLocalRedis("cache", "redis", redis, dataDirectory, processes);
        var database = builder.AddLocalPostgres("postgres", postgres, dataDirectory, processes).AddVectorDatabase("db");
        var vectors = RedisLayout.HasVectorsInstance(builder.Configuration)
            ? builder.AddLocalRedis(RedisLayout.VectorsName, "redis-vectors", redis, dataDirectory, processes)
            : null;
        return new DataServers(cache, database, vectors);
    }

    /// <summary>A redis-server named <paramref name="name"/>, its files in the data directory's <paramref name="dataFolder"/>.</summary>
    private static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, string dataFolder, RedisInstallation installation, string dataDirectory, IProcessRunner processes)
    {
        var configuration = new RedisServerConfiguration(
            installation, ServerDataLayout.Prepare(installation.Root, dataDirectory, dataFolder), processes);
        var password = builder.AddParameter($"{name}-password", configuration.Write(), secret: true);
        var command = configuration.ServerCommandBeforePort();
        var redis = new LocalRedisResource(name, command.FileName, password.Resource);

        return builder.AddServerExecutable(redis, command, redis.Endpoint, async (connectionString, _) =>
        {
            try
            {
                using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
                var latency = await connection.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:0.0} ms");
            }
            catch (RedisException exception)
            {
                return HealthCheckResult.Unhealthy(exception.Message);
            }
        });
    }

    private static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, PostgresInstallation installation, string dataDirectory, IProcessRunner processes)
    {
        var cluster = new PostgresCluster(
            installation, ServerDataLayout.Prepare(installation.Root, dataDirectory, "postgres"), processes);
        var password = builder.AddParameter($"{name}-password", cluster.EnsureInitialized(), secret: true);
        var command = cluster.ServerCommandBeforePort();
        var postgres = new LocalPostgresServerResource(name, command.FileName, password.Resource);

        return builder.AddServerExecutable(postgres, command, postgres.Endpoint, async (connectionString, cancellationToken) =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (NpgsqlException exception)
            {
                return HealthCheckResult.Unhealthy(exception.Message);
            }
        });
    }

    /// <summary>
    /// Adds <paramref name="server"/>, listening on a port Aspire allocates (directly: no proxy in front of a database
    /// protocol) and healthy while <paramref name="check"/> passes on its connection string.
    /// </summary>
    private static IResourceBuilder<TServer> AddServerExecutable<TServer>(
        this IDistributedApplicationBuilder builder,
        TServer server,
        ProcessCommand commandBeforePort,
        EndpointReference endpoint,
        Func<string, CancellationToken, Task<HealthCheckResult>> check)
        where TServer : ExecutableResource, IResourceWithConnectionString
    {
        var healthCheck = $"{server.Name}-answers";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
            await check(await server.ConnectionStringExpression.GetValueAsync(cancellationToken) ?? "", cancellationToken));

        return builder.AddResource(server)
            .WithEndpoint(name: endpoint.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context => AddArguments(context, commandBeforePort, endpoint))
            .WithHealthCheck(healthCheck)
            .WithIconName("Database")
            .ExcludeFromManifest();
    }

    /// <summary>The command's arguments, then the port Aspire allocated (servers listen on it directly: no proxy).</summary>
    private static void AddArguments(CommandLineArgsCallbackContext context, ProcessCommand command, EndpointReference endpoint)
    {
        foreach (var argument in command.Arguments)
        {
            context.Args.Add(argument);
        }

        context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
    }
}
