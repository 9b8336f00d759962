namespace RedisAspire.Core.Vectors;

/// <remarks>
/// <para>
/// A rebuild fills a target no earlier rebuild used, and its lock names that target from the moment it is taken, so
/// every write and delete from then on reaches it: nothing is cleared or recreated under a write. The rebuild copies each
/// source document only if the new version lacks it, so it never replaces a newer write with an older copy; deletes made
/// meanwhile are recorded, and a copy of a deleted document is skipped or taken back.
/// </para>
/// <para>
/// What an earlier rebuild that died left behind (its target, named in the status it left) is dropped by the next one.
/// </para>
/// </remarks>
internal abstract partial class RedisVectorIndex
{
    private const int StatusEvery = 250;

    /// <summary>Called at each step of a rebuild, which waits for it: lets tests make writes land at a chosen step.</summary>
    internal Func<RebuildStep, Task>? RebuildStepReached { get; set; }

    /// <inheritdoc />
    public async Task<VectorRebuildStatus> RebuildAsync(IAsyncEnumerable<VectorDocument>? source, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var target = await NewTargetAsync(cancellationToken).ConfigureAwait(false);
        var rebuild = await rebuilds.TryStartAsync(target).ConfigureAwait(false) ?? throw new VectorRebuildConflictException(Schema.Name);
        var started = DateTimeOffset.UtcNow;
        string? formerLive = null;
        long copied = 0;
        long? expected = null;
        try
        {
            await StepAsync(RebuildStep.Locked).ConfigureAwait(false);

            // Under the lock, so no other rebuild changes them meanwhile.
            var previous = await rebuilds.ReadStatusAsync().ConfigureAwait(false);
            var live = await ReadLiveTargetAsync(cancellationToken).ConfigureAwait(false);
            if (previous?.Target is { Length: > 0 } left && left != live && left != target)
            {
                await AbandonAsync(left).ConfigureAwait(false);
            }

            expected = source is null ? await CountAsync(cancellationToken).ConfigureAwait(false) : null;
            await rebuilds.WriteStatusAsync(new(VectorRebuildState.Running, target, 0, expected, started, null, null)).ConfigureAwait(false);
            await CreateTargetAsync(target, cancellationToken).ConfigureAwait(false);
            await StepAsync(RebuildStep.Prepared).ConfigureAwait(false);
            await foreach (var document in (source ?? ReadAllAsync(live, cancellationToken)).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                document.Validate(Schema);
                await CopyAsync(rebuild, document, cancellationToken).ConfigureAwait(false);
                if (++copied == 1)
                {
                    await StepAsync(RebuildStep.Copying).ConfigureAwait(false);
                }

                if (copied % StatusEvery == 0)
                {
                    await rebuilds.WriteCopiedAsync(copied).ConfigureAwait(false);
                    await rebuilds.RenewAsync(rebuild).ConfigureAwait(false);
                }
            }

            await StepAsync(RebuildStep.Copied).ConfigureAwait(false);
            if (!await rebuilds.HoldsAsync(rebuild).ConfigureAwait(false))
            {
                throw new InvalidOperationException(
                    $"The rebuild of index '{Schema.Name}' lost its lock (it stalled for over {VectorRebuildStore.LockLifetime.TotalMinutes:0} minutes); the previous version stays live.");
            }

            await SwapAsync(target, cancellationToken).ConfigureAwait(false);
            formerLive = live;
            await StepAsync(RebuildStep.Swapped).ConfigureAwait(false);
            var completed = new VectorRebuildStatus(VectorRebuildState.Completed, target, copied, expected, started, DateTimeOffset.UtcNow, null);
            await rebuilds.WriteStatusAsync(completed).ConfigureAwait(false);
            return completed;
        }
        catch (Exception exception) when (formerLive is null)
        {
            await AbandonAsync(target).ConfigureAwait(false);
            await rebuilds.WriteStatusAsync(new(
                VectorRebuildState.Failed, target, copied, expected, started, DateTimeOffset.UtcNow,
                exception is OperationCanceledException ? "The rebuild was cancelled." : exception.Message)).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await rebuilds.ReleaseAsync(rebuild).ConfigureAwait(false);
            if (formerLive is not null)
            {
                await RetireAsync(formerLive).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A target for a new version that no earlier rebuild of this index used.</summary>
    protected abstract Task<string> NewTargetAsync(CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="target"/> ready to receive documents, keeping any written to it already.</summary>
    protected abstract Task CreateTargetAsync(string target, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="building"/> what queries read, in one step.</summary>
    protected abstract Task SwapAsync(string building, CancellationToken cancellationToken);

    /// <summary>Removes a version that will not be swapped in (a failed or abandoned rebuild's), if it exists.</summary>
    protected abstract Task AbandonAsync(string target);

    /// <summary>
    /// Frees what the replaced version <paramref name="formerLive"/> still holds, once the rebuild's lock is released
    /// (so writes that raced the swap have moved on to the new version).
    /// </summary>
    protected virtual Task RetireAsync(string formerLive) => Task.CompletedTask;

    /// <summary>Every document <paramref name="target"/> holds, with its vector and fields.</summary>
    protected abstract IAsyncEnumerable<VectorDocument> ReadAllAsync(string target, CancellationToken cancellationToken);

    private async Task CopyAsync(RunningRebuild rebuild, VectorDocument document, CancellationToken cancellationToken)
    {
        if (await rebuilds.WasDeletedAsync(rebuild, document.Id).ConfigureAwait(false))
        {
            return;
        }

        // A delete may have landed between the check and the write: look again and take the copy back.
        if (await AddAsync(rebuild.Target, document, onlyIfAbsent: true, cancellationToken).ConfigureAwait(false)
            && await rebuilds.WasDeletedAsync(rebuild, document.Id).ConfigureAwait(false))
        {
            await RemoveAsync(rebuild.Target, document.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task StepAsync(RebuildStep step) => RebuildStepReached?.Invoke(step) ?? Task.CompletedTask;
}
