using System.Globalization;
using RedisAspire.AppHost.LocalServers;
using StackExchange.Redis;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// A real Redis Cluster of three primaries (no replicas) on free loopback ports, each node a redis-server of its own
/// started the way <see cref="RedisServer"/> starts one, with cluster mode on and its node file in its own directory.
/// The slots are split in three ranges, the nodes meet, and the cluster is ready once every node reports
/// <c>cluster_state:ok</c>.
/// </summary>
public sealed class RedisClusterServer : IStartedRedis
{
    /// <summary>Generous: three servers start and gossip on a loaded two-core machine.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private static readonly (int First, int Last)[] SlotRanges = [(0, 5460), (5461, 10922), (10923, 16383)];

    private readonly TemporaryDirectory dataDirectory = new();
    private readonly List<ServerProcess> nodes = [];
    private readonly List<int> busPorts = [];
    private readonly List<string> ownPasswords = [];

    private RedisClusterServer()
    {
        var redis = LocalInstallations.Redis;
        for (var node = 0; node < SlotRanges.Length; node++)
        {
            var configuration = new RedisServerConfiguration(
                redis, ServerDataLayout.Prepare(redis.Root, dataDirectory.Path, $"node{node}"), LocalInstallations.Processes);
            ownPasswords.Add(configuration.Write());
            busPorts.Add(ServerProcess.FreePort());
            nodes.Add(new ServerProcess(ClusterNodeCommand(configuration.ServerCommandBeforePort(), busPorts[^1]), ServerProcess.FreePort()));
        }

        ConnectionString = string.Join(',', [.. nodes.Select(node => $"127.0.0.1:{node.Port}"), $"password={Password}"]);
    }

    /// <summary>
    /// The first node's password, which every node takes once started: a cluster client authenticates to each node it
    /// is redirected to with the same one.
    /// </summary>
    private string Password => ownPasswords[0];

    /// <summary>StackExchange.Redis form, every node listed: <c>127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3,password=...</c>.</summary>
    public string ConnectionString { get; }

    public static async Task<RedisClusterServer> StartAsync()
    {
        var cluster = new RedisClusterServer();
        try
        {
            await cluster.FormAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        ServerDataLayout.Delete(dataDirectory.Path);
        dataDirectory.Dispose();
    }

    /// <summary>
    /// The server command with cluster mode on. The cluster bus gets a free port of its own: the default (the port plus
    /// 10000) may be taken, or past 65535 for a high ephemeral port; CLUSTER MEET is then told it. The node file is relative to the node's own
    /// directory (<c>--dir</c>), so nodes never share one.
    /// </summary>
    private static ProcessCommand ClusterNodeCommand(ProcessCommand serverCommand, int busPort)
    {
        var arguments = serverCommand.Arguments;
        if (arguments[^1] != "--port")
        {
            throw new InvalidOperationException($"The server command should end with --port: {serverCommand}");
        }

        return serverCommand with
        {
            Arguments =
            [
                .. arguments.Take(arguments.Count - 1),
                "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-port", busPort.ToString(CultureInfo.InvariantCulture),
                "--cluster-node-timeout", "15000",
                "--port",
            ],
        };
    }

    private async Task FormAsync()
    {
        using var deadline = new CancellationTokenSource(StartDeadline);
        foreach (var node in nodes)
        {
            node.Start();
        }

        var connections = new List<ConnectionMultiplexer>();
        try
        {
            for (var index = 0; index < nodes.Count; index++)
            {
                var connection = await ConnectToNodeAsync(nodes[index].Port, ownPasswords[index], deadline.Token);
                connections.Add(connection);
                if (index > 0)
                {
                    await NodeServer(connection).ExecuteAsync("CONFIG", "SET", "requirepass", Password);
                }
            }

            for (var index = 0; index < nodes.Count; index++)
            {
                var (first, last) = SlotRanges[index];
                await NodeServer(connections[index]).ExecuteAsync("CLUSTER", "ADDSLOTSRANGE", first, last);
            }

            for (var other = 1; other < nodes.Count; other++)
            {
                await NodeServer(connections[0]).ExecuteAsync("CLUSTER", "MEET", "127.0.0.1", nodes[other].Port, busPorts[other]);
            }

            await WaitUntilEveryNodeIsOkAsync(connections, deadline.Token);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>A connection to one node alone (it holds no slot yet), once the node answers PING.</summary>
    private static async Task<ConnectionMultiplexer> ConnectToNodeAsync(int port, string password, CancellationToken deadline)
    {
        // abortConnect=false: the connection keeps retrying by itself while the node starts.
        var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},password={password},allowAdmin=true,abortConnect=false");
        while (true)
        {
            try
            {
                await NodeServer(connection).PingAsync();
                return connection;
            }
            catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException && !deadline.IsCancellationRequested)
            {
                await Task.Delay(50, CancellationToken.None);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
    }

    private static IServer NodeServer(ConnectionMultiplexer connection) => connection.GetServer(connection.GetEndPoints()[0]);

    private static async Task WaitUntilEveryNodeIsOkAsync(List<ConnectionMultiplexer> connections, CancellationToken deadline)
    {
        while (true)
        {
            var states = await Task.WhenAll(connections.Select(async connection =>
                ((string?)await NodeServer(connection).ExecuteAsync("CLUSTER", "INFO"))!));
            if (states.All(info => info.Contains("cluster_state:ok", StringComparison.Ordinal)
                && info.Contains($"cluster_known_nodes:{connections.Count}", StringComparison.Ordinal)))
            {
                return;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"The cluster did not reach cluster_state:ok in {StartDeadline}: {string.Join(" | ", states)}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }
}
