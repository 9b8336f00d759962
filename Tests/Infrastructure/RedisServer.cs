using RedisAspire.AppHost.LocalServers;
using StackExchange.Redis;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>A real redis-server of its own for a test: on a free loopback port, stoppable and restartable on it.</summary>
public sealed class RedisServer : IStartedRedis
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    private readonly TemporaryDirectory dataDirectory = new();
    private readonly ServerProcess process;

    private RedisServer()
    {
        var redis = LocalInstallations.Redis;
        var configuration = new RedisServerConfiguration(
            redis, ServerDataLayout.Prepare(redis.Root, dataDirectory.Path, "redis"), LocalInstallations.Processes);
        var password = configuration.Write();
        process = new ServerProcess(configuration.ServerCommandBeforePort(), ServerProcess.FreePort());
        ConnectionString = $"127.0.0.1:{process.Port},password={password}";
    }

    /// <summary>StackExchange.Redis form: <c>127.0.0.1:port,password=...</c>.</summary>
    public string ConnectionString { get; }

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it answers PING.</summary>
    public async Task StartAgainAsync()
    {
        process.Start();
        using var deadline = new CancellationTokenSource(StartDeadline);
        while (true)
        {
            try
            {
                using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    public Task StopAsync() => process.StopAsync();

    /// <summary>SIGKILL: no shutdown and, as the server keeps nothing on disk, every key lost, as a crashed cache node.</summary>
    public Task KillAsync() => process.StopAsync("KILL");

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        ServerDataLayout.Delete(dataDirectory.Path);
        dataDirectory.Dispose();
    }
}
