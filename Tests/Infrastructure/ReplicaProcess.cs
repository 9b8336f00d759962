using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using RedisAspire.Core.Caching;
using RedisAspire.ReplicaHost;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// Another OS process with a result cache of its own on the same Redis: a stand-in for an Api replica, for claims
/// about what happens across processes. Driven with JSON lines (see <see cref="ReplicaRequest"/>).
/// </summary>
internal sealed class ReplicaProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReplyDeadline = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> replies = new();
    private readonly Task readLoop;
    private readonly TaskCompletionSource<int> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ReplicaProcess(string redisConnectionString, string keyPrefix)
    {
        var startInfo = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", typeof(ReplicaRequest).Assembly.Location, redisConnectionString, keyPrefix })
        {
            startInfo.ArgumentList.Add(argument);
        }

        process = Process.Start(startInfo)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        readLoop = ReadRepliesAsync();
    }

    public int ProcessId => process.Id;

    public static async Task<ReplicaProcess> StartAsync(string redisConnectionString, string keyPrefix)
    {
        var replica = new ReplicaProcess(redisConnectionString, keyPrefix);
        await replica.ready.Task.WaitAsync(ReplyDeadline);
        return replica;
    }

    /// <summary>Sends a request and returns its first reply.</summary>
    public async Task<JsonElement> RequestAsync(ReplicaRequest request)
    {
        var reader = Send(request);
        return await NextReplyAsync(reader);
    }

    /// <summary>Sends a request whose replies come one by one (see <see cref="NextReplyAsync"/>).</summary>
    public ChannelReader<JsonElement> Send(ReplicaRequest request)
    {
        var channel = replies.GetOrAdd(request.Id, _ => Channel.CreateUnbounded<JsonElement>());
        lock (process)
        {
            process.StandardInput.WriteLine(JsonSerializer.Serialize(request, Replica.Json));
            process.StandardInput.Flush();
        }

        return channel.Reader;
    }

    public static async Task<JsonElement> NextReplyAsync(ChannelReader<JsonElement> reader)
    {
        var reply = await reader.ReadAsync().AsTask().WaitAsync(ReplyDeadline);
        if (reply.TryGetProperty("error", out var error))
        {
            Assert.Fail($"The replica failed: {error.GetString()}");
        }

        return reply;
    }

    public static ReplicaRequest Request(string op, string key, CachePolicy? policy = null) =>
        new(Guid.NewGuid().ToString("N"), op, key, policy);

    /// <summary>Ends the process at once, as a crash would: no finally block, no lock release.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        await readLoop;
        process.Dispose();
    }

    private async Task ReadRepliesAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var reply = JsonSerializer.Deserialize<JsonElement>(line);
            if (reply.TryGetProperty("ready", out _))
            {
                ready.TrySetResult(reply.GetProperty("pid").GetInt32());
                continue;
            }

            var id = reply.GetProperty("id").GetString()!;
            replies.GetOrAdd(id, _ => Channel.CreateUnbounded<JsonElement>()).Writer.TryWrite(reply);
        }

        ready.TrySetException(new InvalidOperationException("The replica process exited before it was ready."));
    }
}
