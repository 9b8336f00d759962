using System.Collections.Concurrent;

namespace RedisAspire.Core.Caching;

/// <summary>
/// The keys this process waits on while another process holds their lock, each with the signal that wakes its waiters
/// when the value is announced as stored.
/// </summary>
internal sealed class StoredSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> waiting = new(StringComparer.Ordinal);

    /// <summary>A task that completes when <paramref name="key"/> is announced; take it before reading, so an announcement in between is not missed.</summary>
    public Task WaitFor(string key) =>
        waiting.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Wakes the waiters of <paramref name="key"/>.</summary>
    public void Announce(string key)
    {
        if (waiting.TryRemove(key, out var signal))
        {
            signal.TrySetResult();
        }
    }
}
