using System.Collections.Concurrent;

namespace RedisAspire.Core.Embeddings;

/// <summary>
/// The one thread of the process that runs local models: loading and encoding block a thread for their whole length,
/// and on a thread-pool thread they would hold up what the pool must do meanwhile (reading Redis's and PostgreSQL's
/// replies, timers, requests). Work runs one item at a time, in the order it came; each item may still use several
/// cores through the model's own threads (<see cref="LocalEmbeddingOptions.Threads"/>).
/// </summary>
internal sealed class LocalModelThread : IDisposable
{
    private readonly BlockingCollection<Action> work = [];

    /// <summary>A thread of its own; the process's models share <see cref="Shared"/>.</summary>
    internal LocalModelThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "Local embedding model" };
        thread.Start();
    }

    /// <summary>The process's model thread, started on first use.</summary>
    public static LocalModelThread Shared => Holder.Instance;

    /// <summary>
    /// Runs <paramref name="function"/> on the model thread once the items queued before it are done. A caller that
    /// cancels stops waiting at once, and an item cancelled before its turn never runs.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> function, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        cancellationToken.ThrowIfCancellationRequested();

        // Continuations run on the pool, never on the model thread, which goes straight on to the next item.
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        work.Add(() =>
        {
            using (registration)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    completion.TrySetCanceled(cancellationToken);
                    return;
                }

                try
                {
                    completion.TrySetResult(function());
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    completion.TrySetCanceled(cancellationToken);
                }
                catch (Exception exception)
                {
                    completion.TrySetException(exception);
                }
            }
        });
        return completion.Task;
    }

    /// <summary>Lets the thread end once the work queued so far is done; nothing more may be queued.</summary>
    public void Dispose() => work.CompleteAdding();

    private void Run()
    {
        foreach (var item in work.GetConsumingEnumerable())
        {
            item();
        }
    }

    private static class Holder
    {
        public static readonly LocalModelThread Instance = new();
    }
}
