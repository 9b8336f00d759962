using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using RedisAspire.AppHost.DataServers;
using RedisAspire.AppHost.LocalServers;
using StackExchange.Redis;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// A real redis-server and a real PostgreSQL with pgvector, found the way the AppHost finds them and started on free
/// loopback ports with their files in a temporary directory; both are stopped and their files deleted at the end.
/// </summary>
public sealed class LocalServersFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly TemporaryDirectory dataDirectory = new();
    private readonly List<Process> servers = [];

    public string RedisConnectionString { get; private set; } = "";

    /// <summary>A database created for the tests, with the <c>vector</c> extension.</summary>
    public string PostgresConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var processes = new ProcessRunner();
        var serversRoot = Environment.GetEnvironmentVariable("REDISASPIRE_SERVERS_ROOT") ?? "/opt/redisaspire/servers";
        var locator = new LocalServerLocator(
            processes, [ServerRoot.Host, new ServerRoot(serversRoot)], Environment.GetEnvironmentVariable("PATH"));

        var redis = locator.LocateRedis();
        var redisDirectory = ServerDataLayout.Prepare(redis.Root, dataDirectory.Path, "redis");
        var redisConfiguration = new RedisServerConfiguration(redis, redisDirectory, processes);
        var redisPassword = redisConfiguration.Write();
        var redisPort = FreePort();
        Start(redisConfiguration.ServerCommandBeforePort(), redisPort);
        RedisConnectionString = $"127.0.0.1:{redisPort},password={redisPassword}";

        var postgres = locator.LocatePostgres();
        var postgresDirectory = ServerDataLayout.Prepare(postgres.Root, dataDirectory.Path, "postgres");
        var cluster = new PostgresCluster(postgres, postgresDirectory, processes);
        var postgresPassword = cluster.EnsureInitialized();
        var postgresPort = FreePort();
        Start(cluster.ServerCommandBeforePort(), postgresPort);
        var serverConnectionString = $"Host=127.0.0.1;Port={postgresPort};Username=postgres;Password={postgresPassword}";
        PostgresConnectionString = $"{serverConnectionString};Database=tests";

        using var deadline = new CancellationTokenSource(StartDeadline);
        await WaitForRedisAsync(deadline.Token);
        await WaitForPostgresAsync(serverConnectionString, deadline.Token);
        await VectorDatabaseBootstrap.EnsureDatabaseAsync(serverConnectionString, "tests", deadline.Token);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var process in servers)
        {
            await StopAsync(process);
        }

        await ServerDataCleanup.DeleteAfterShutdownAsync(dataDirectory.Path);
        dataDirectory.Dispose();
    }

    private void Start(ProcessCommand commandBeforePort, int port)
    {
        var startInfo = new ProcessStartInfo(commandBeforePort.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in commandBeforePort.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(startInfo)!;
        // Drained so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        servers.Add(process);
    }

    private async Task WaitForRedisAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var connection = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString);
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static async Task WaitForPostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>SIGTERM first (PostgreSQL shuts down cleanly on it), SIGKILL if it has not exited in time.</summary>
    private static async Task StopAsync(Process process)
    {
        using (process)
        {
            if (process.HasExited)
            {
                return;
            }

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class LocalServersCollection : ICollectionFixture<LocalServersFixture>
{
    public const string Name = "Local servers";
}
