using System.Collections.Concurrent;
using System.Diagnostics;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>One call of <see cref="SteadyTraffic"/>: what was asked, when (from the traffic's start), how long it took, what came back.</summary>
/// <param name="Kind">What the call was (search, embedding, write...).</param>
/// <param name="Started">When it started, from the traffic's start.</param>
/// <param name="Elapsed">How long it took.</param>
/// <param name="Status">The HTTP status, or 0 when no response came (connection refused or reset, timeout).</param>
/// <param name="Detail">What the response said that the scenario counts (the tier that answered, a cache outcome), or the error.</param>
internal sealed record TrafficCall(string Kind, TimeSpan Started, TimeSpan Elapsed, int Status, string? Detail)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>What a scenario's call returns to <see cref="SteadyTraffic"/>.</summary>
internal readonly record struct TrafficOutcome(string Kind, int Status, string? Detail);

/// <summary>
/// Clients calling a running app in a loop, each with a short pause between calls (steady, moderate traffic, not a
/// load test), every call recorded, until stopped. Bounded: it stops by itself after <see cref="MaxDuration"/>.
/// </summary>
internal sealed class SteadyTraffic : IAsyncDisposable
{
    /// <summary>The longest any traffic runs, whatever its test does.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(5);

    private readonly ConcurrentQueue<TrafficCall> calls = new();
    private readonly CancellationTokenSource stop = new(MaxDuration);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Task[] clients;

    private SteadyTraffic(int clients, TimeSpan pause, Func<int, long, CancellationToken, Task<TrafficOutcome>> call) =>
        this.clients = [.. Enumerable.Range(0, clients).Select(client => Task.Run(() => RunAsync(client, pause, call)))];

    /// <summary>The time since the traffic started, on the clock its calls are stamped with.</summary>
    public TimeSpan Now => clock.Elapsed;

    /// <summary>Every call finished so far.</summary>
    public IReadOnlyList<TrafficCall> Calls => [.. calls];

    /// <summary>
    /// Starts <paramref name="clients"/> loops of <paramref name="call"/> (given the client's number and its call's
    /// sequence number); an exception a call throws is recorded as a call of kind "exception" with status 0.
    /// </summary>
    public static SteadyTraffic Start(int clients, TimeSpan pause, Func<int, long, CancellationToken, Task<TrafficOutcome>> call) =>
        new(clients, pause, call);

    /// <summary>
    /// Waits until <paramref name="count"/> calls started at or after <paramref name="since"/> have finished, so that a
    /// phase of a scenario holds enough calls however fast the machine is; returns the time then.
    /// </summary>
    public async Task<TimeSpan> CallsSinceAsync(TimeSpan since, int count)
    {
        await Eventually.HoldsAsync(
            () => Task.FromResult(calls.Count(call => call.Started >= since) >= count), MaxDuration / 4, $"{count} calls since {since.TotalSeconds:0.0} s");
        return Now;
    }

    /// <summary>Stops the clients after their current call and returns every call made.</summary>
    public async Task<IReadOnlyList<TrafficCall>> StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        return Calls;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task RunAsync(int client, TimeSpan pause, Func<int, long, CancellationToken, Task<TrafficOutcome>> call)
    {
        for (long sequence = 0; !stop.IsCancellationRequested; sequence++)
        {
            var started = clock.Elapsed;
            TrafficOutcome outcome;
            try
            {
                outcome = await call(client, sequence, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                outcome = new TrafficOutcome("exception", 0, exception.GetType().Name + ": " + exception.Message);
            }

            calls.Enqueue(new TrafficCall(outcome.Kind, started, clock.Elapsed - started, outcome.Status, outcome.Detail));
            try
            {
                await Task.Delay(pause, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
