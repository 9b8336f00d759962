using Microsoft.Extensions.AI;
using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Embeddings;

// A batch through a cache that offers only GetOrCreateAsync: every text's lookup starts at once with a factory that
// does not compute but enlists its text as missing and waits. Once every lookup has either returned (a hit) or
// called its factory (a miss), the inner generator is called once with the missing texts, and each waiting factory
// returns its vector for the cache to store.
internal sealed partial class CachingEmbeddingGenerator
{
    // Only one batch in the process is between starting its lookups and knowing all its misses. Without this, batch A
    // could own the factory of key 1 and wait for key 2 while batch B owns key 2 and waits for key 1 (the cache shares
    // one factory call between concurrent callers of a key): neither would ever call its model. With it, a lookup can
    // only wait on a batch that already knows its misses, or on a single text, and neither waits on anything else.
    // It is held for about one cache round trip; static because the cache is shared by every instance.
    private static readonly SemaphoreSlim LookupGate = new(1, 1);

    private async Task<CacheResult<CachedEmbedding>[]> GenerateBatchAsync(
        List<(string Key, string Text)> unique, CancellationToken cancellationToken)
    {
        var batch = new PendingLookups(unique.Count);
        var lookups = new Task<CacheResult<CachedEmbedding>>?[unique.Count];
        try
        {
            await LookupGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                for (var index = 0; index < unique.Count; index++)
                {
                    lookups[index] = LookupAsync(batch, index, unique[index].Key, unique[index].Text, cancellationToken);
                }

                await batch.AllDecided.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                LookupGate.Release();
            }

            if (Array.Find(lookups, lookup => lookup!.IsFaulted || lookup.IsCanceled) is { } failed)
            {
                await failed.ConfigureAwait(false);
            }

            var missing = batch.Close();
            if (missing.Length > 0)
            {
                var generated = await InnerGenerator.GenerateAsync(
                    missing.Select(index => unique[index].Text), cancellationToken: cancellationToken).ConfigureAwait(false);
                RequireCount(generated, missing.Length);
                for (var index = 0; index < missing.Length; index++)
                {
                    batch.Complete(missing[index], ToCached(generated[index]));
                }
            }

            return await Task.WhenAll(lookups!).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Waiting factories must not wait for ever, and their lookups' failures must be observed.
            batch.Fail(exception);
            await ((Task)Task.WhenAll(lookups.OfType<Task<CacheResult<CachedEmbedding>>>()))
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }

    private async Task<CacheResult<CachedEmbedding>> LookupAsync(
        PendingLookups batch, int index, string key, string text, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetOrCreateAsync(
                key, token => EnlistAsync(batch, index, text, token), Policy, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            batch.Decide(index);
        }
    }

    private async ValueTask<CachedEmbedding> EnlistAsync(
        PendingLookups batch, int index, string text, CancellationToken cancellationToken)
    {
        // A factory called after the batch has moved on (a cache recomputing in the background) computes on its own.
        var pending = batch.TryEnlistMissing(index);
        return pending is null
            ? await EmbedOneAsync(text, cancellationToken).ConfigureAwait(false)
            : await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The state of one batch's lookups: which are decided, which are missing, and their vectors once computed.</summary>
    private sealed class PendingLookups
    {
        private readonly Lock gate = new();
        private readonly TaskCompletionSource<CachedEmbedding>[] values;
        private readonly int[] decided;
        private readonly List<int> missing = [];
        private readonly TaskCompletionSource allDecided = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int undecided;
        private bool closed;

        public PendingLookups(int count)
        {
            values = new TaskCompletionSource<CachedEmbedding>[count];
            for (var index = 0; index < count; index++)
            {
                values[index] = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            decided = new int[count];
            undecided = count;
        }

        /// <summary>Completes when every lookup has returned or called its factory.</summary>
        public Task AllDecided => allDecided.Task;

        /// <summary>Records the text as missing and returns its future vector; null once the batch has moved on.</summary>
        public Task<CachedEmbedding>? TryEnlistMissing(int index)
        {
            lock (gate)
            {
                if (closed)
                {
                    return null;
                }

                missing.Add(index);
            }

            Decide(index);
            return values[index].Task;
        }

        public void Decide(int index)
        {
            if (Interlocked.Exchange(ref decided[index], 1) == 0 && Interlocked.Decrement(ref undecided) == 0)
            {
                allDecided.TrySetResult();
            }
        }

        /// <summary>The missing texts' indexes in input order (factories run in any order); later factory calls are not enlisted.</summary>
        public int[] Close()
        {
            lock (gate)
            {
                closed = true;
                missing.Sort();
                return [.. missing];
            }
        }

        public void Complete(int index, CachedEmbedding value) => values[index].TrySetResult(value);

        public void Fail(Exception exception)
        {
            foreach (var value in values)
            {
                if (exception is OperationCanceledException canceled)
                {
                    value.TrySetCanceled(canceled.CancellationToken);
                }
                else
                {
                    value.TrySetException(exception);
                }
            }
        }
    }
}
