using System.Collections.Concurrent;

namespace RedisAspire.Core.Caching;

/// <summary>Concurrent callers for one key in this process share one run of the work.</summary>
internal sealed class SingleFlight
{
    private readonly ConcurrentDictionary<string, Task<object?>> inFlight = new(StringComparer.Ordinal);

    /// <summary>Whether a run for <paramref name="key"/> is under way.</summary>
    public bool IsRunning(string key) => inFlight.ContainsKey(key);

    /// <summary>
    /// Joins the run under way for <paramref name="key"/>, or starts <paramref name="work"/>. The work does not see any
    /// caller's cancellation (one caller giving up must not fail the others); each caller stops waiting on its own.
    /// </summary>
    public async Task<TResult> RunAsync<TResult>(string key, Func<Task<TResult>> work, CancellationToken cancellationToken)
    {
        var ours = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = inFlight.GetOrAdd(key, ours.Task);
        if (running == ours.Task)
        {
            _ = RunAndForgetAsync(key, ours, work);
        }

        return (TResult)(await running.WaitAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task RunAndForgetAsync<TResult>(string key, TaskCompletionSource<object?> completion, Func<Task<TResult>> work)
    {
        try
        {
            completion.SetResult(await work().ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            completion.SetException(exception);
        }
        finally
        {
            inFlight.TryRemove(new KeyValuePair<string, Task<object?>>(key, completion.Task));
        }
    }
}
