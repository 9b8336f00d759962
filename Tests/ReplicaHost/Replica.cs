using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using RedisAspire.Core.Caching;
using StackExchange.Redis;

namespace RedisAspire.ReplicaHost;

/// <summary>Carries out the tests' requests on this process's cache (or its ingestion consumer) and reports what happened.</summary>
public sealed partial class Replica(ResultCache cache, IConnectionMultiplexer redis, TextWriter output, string keyPrefix)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly SemaphoreSlim writeLock = new(1, 1);
    private int factoryRuns;

    public async Task HandleAsync(ReplicaRequest request)
    {
        try
        {
            switch (request.Op)
            {
                case "get":
                    var result = await cache.GetOrCreateAsync(request.Key, Factory(request.FactoryMs), request.Policy!);
                    await ReplyAsync(request, new { outcome = result.Outcome.ToString(), value = result.Value, factoryRuns });
                    break;
                case "stampede":
                    await StampedeAsync(request);
                    break;
                case "answer-stampede":
                    await AnswerStampedeAsync(request);
                    break;
                case "watch-copy":
                    await WatchCopyAsync(request);
                    break;
                case "hang-holding-lock":
                    await HangHoldingLockAsync(request);
                    break;
                case "consume-and-hang":
                    await ConsumeAndHangAsync(request);
                    break;
                case "consume-with-pipeline":
                    await ConsumeWithPipelineAsync(request);
                    break;
                case "pipeline-report":
                    await ReportPipelineAsync(request);
                    break;
                case "stats":
                    await ReplyAsync(request, new { statistics = cache.Statistics.Snapshot(), factoryRuns, l1Count = cache.L1Count });
                    break;
                default:
                    await ReplyAsync(request, new { error = $"unknown op {request.Op}" });
                    break;
            }
        }
        catch (Exception exception)
        {
            await ReplyAsync(request, new { error = exception.ToString() });
        }
    }

    private async Task StampedeAsync(ReplicaRequest request)
    {
        var delay = DateTimeOffset.FromUnixTimeMilliseconds(request.StartAtUnixMs) - DateTimeOffset.UtcNow;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }

        var runsBefore = Volatile.Read(ref factoryRuns);
        var outcomes = new ConcurrentDictionary<string, int>();
        var latencies = new ConcurrentBag<double>();
        var factory = Factory(request.FactoryMs);
        await Task.WhenAll(Enumerable.Range(0, request.Callers).Select(_ => Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            var result = await cache.GetOrCreateAsync(request.Key, factory, request.Policy!);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            outcomes.AddOrUpdate(result.Outcome.ToString(), 1, (_, count) => count + 1);
        })));

        await ReplyAsync(request, new
        {
            factoryRuns = Volatile.Read(ref factoryRuns) - runsBefore,
            outcomes,
            latenciesMs = latencies.Order().ToArray(),
        });
    }

    /// <summary>Replies once the copy is held and being watched, then again when it is gone (or at the timeout).</summary>
    private async Task WatchCopyAsync(ReplicaRequest request)
    {
        await ReplyAsync(request, new { watching = cache.HoldsCopy(request.Key) });
        var deadline = Stopwatch.StartNew();
        while (cache.HoldsCopy(request.Key))
        {
            if (deadline.ElapsedMilliseconds > request.TimeoutMs)
            {
                await ReplyAsync(request, new { gone = false });
                return;
            }

            await Task.Delay(1);
        }

        await ReplyAsync(request, new { gone = true, goneAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
    }

    /// <summary>Takes the key's lock and runs a factory that never finishes: the test then kills this process.</summary>
    private async Task HangHoldingLockAsync(ReplicaRequest request)
    {
        var never = new TaskCompletionSource<string>();
        await cache.GetOrCreateAsync(request.Key, async _ =>
        {
            Interlocked.Increment(ref factoryRuns);
            await ReplyAsync(request, new { factoryStarted = true });
            return await never.Task;
        }, request.Policy!);
    }

    private Func<CancellationToken, ValueTask<string>> Factory(int factoryMs) => async cancellationToken =>
    {
        var run = Interlocked.Increment(ref factoryRuns);
        await Task.Delay(factoryMs, cancellationToken);
        return $"value {run} from process {Environment.ProcessId}";
    };

    private async Task ReplyAsync(ReplicaRequest request, object body)
    {
        var element = JsonSerializer.SerializeToElement(body, Json);
        var reply = new Dictionary<string, JsonElement> { ["id"] = JsonSerializer.SerializeToElement(request.Id) };
        foreach (var property in element.EnumerateObject())
        {
            reply[property.Name] = property.Value;
        }

        await writeLock.WaitAsync();
        try
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(reply, Json));
            await output.FlushAsync();
        }
        finally
        {
            writeLock.Release();
        }
    }
}
