using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// Watches a Redis server's <c>MONITOR</c> stream for <c>AUTH</c> commands (Redis shows them with their arguments
/// redacted), and which client address sent each: the only way to see from the server that a live connection
/// re-authenticated. Its own connection is a plain socket, since StackExchange.Redis does not speak MONITOR.
/// </summary>
internal sealed class RedisMonitor : IAsyncDisposable
{
    private readonly TcpClient client;
    private readonly StreamReader reader;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<string> authenticatedClients = new();
    private readonly Task reading;

    private RedisMonitor(TcpClient client, StreamReader reader)
    {
        this.client = client;
        this.reader = reader;
        reading = ReadAsync(stopping.Token);
    }

    /// <summary>
    /// Client addresses (<c>127.0.0.1:port</c>) that sent <c>AUTH</c> (alone or in <c>HELLO</c>), oldest first;
    /// <see cref="Count"/> marks a point in it.
    /// </summary>
    public IReadOnlyList<string> AuthenticatedClients => [.. authenticatedClients];

    /// <summary>How many AUTH commands were seen so far.</summary>
    public int Count => authenticatedClients.Count;

    public static async Task<RedisMonitor> StartAsync(string connectionString, CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        var endpoint = (System.Net.IPEndPoint)options.EndPoints[0];
        var client = new TcpClient();
        await client.ConnectAsync(endpoint, cancellationToken);
        var stream = client.GetStream();
        var commands = $"AUTH {options.Password}\r\nMONITOR\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(commands), cancellationToken);
        var reader = new StreamReader(stream, Encoding.ASCII);
        // +OK for AUTH, +OK for MONITOR: from here on, every line is a command some client sent.
        for (var reply = 0; reply < 2; reply++)
        {
            var line = await reader.ReadLineAsync(cancellationToken);
            Assert.Equal("+OK", line);
        }

        return new RedisMonitor(client, reader);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        client.Dispose();
        try
        {
            await reading;
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The socket was closed under the reader.
        }

        stopping.Dispose();
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            // +1796350104.230972 [0 127.0.0.1:46766] "AUTH" "(redacted)" "(redacted)"
            var open = line.IndexOf('[', StringComparison.Ordinal);
            var close = line.IndexOf(']', StringComparison.Ordinal);
            if (open < 0 || close < open || !line.AsSpan(close).Contains("\"AUTH\"", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var client = line[(open + 1)..close];
            authenticatedClients.Enqueue(client[(client.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        }
    }
}
