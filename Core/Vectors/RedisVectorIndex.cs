using System.Globalization;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// What both engines share: validation, and writes and rebuilds that stay consistent while a rebuild runs.
/// </summary>
/// <remarks>
/// <para>
/// An index has a live target (what queries read) and, while a rebuild runs, a building target named in the rebuild
/// lock. Each write reads both, writes to each, then reads them again and repeats itself on any target that appeared
/// meanwhile, so a write racing the start or the swap of a rebuild still reaches the version that stays.
/// </para>
/// <para>
/// The rebuild copies each source document only if the new version lacks it, so it never replaces a newer write
/// with an older copy; deletes made during a rebuild are recorded, and a copy of a deleted document is skipped or
/// taken back.
/// </para>
/// </remarks>
public abstract class RedisVectorIndex : IVectorIndex
{
    private const int StatusEvery = 250;
    // Renewed as the copy progresses, so it only needs to outlast the longest pause between two renewals.
    private static readonly TimeSpan LockLifetime = TimeSpan.FromMinutes(5);

    // Deleted ids are dropped when the rebuild ends; the lifetime only keeps a crashed rebuild from leaking them.
    private static readonly TimeSpan DeletedLifetime = TimeSpan.FromDays(1);

    private readonly string lockKey;
    private readonly string deletedKey;
    private readonly string statusKey;

    /// <param name="redis">The connection.</param>
    /// <param name="schema">The index definition.</param>
    /// <param name="stateKeyPrefix">The prefix of the rebuild's lock, deleted-ids and status keys; one hash tag.</param>
    protected RedisVectorIndex(IConnectionMultiplexer redis, VectorIndexSchema schema, string stateKeyPrefix)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(schema);
        schema.Validate();
        Redis = redis;
        Schema = schema;
        lockKey = $"{stateKeyPrefix}:rebuild-lock";
        deletedKey = $"{stateKeyPrefix}:rebuild-deleted";
        statusKey = $"{stateKeyPrefix}:rebuild-status";
    }

    /// <inheritdoc />
    public abstract VectorEngine Engine { get; }

    /// <inheritdoc />
    public VectorIndexSchema Schema { get; }

    /// <summary>The connection.</summary>
    protected IConnectionMultiplexer Redis { get; }

    /// <summary>The largest number of results a range query returns when it does not say.</summary>
    public const int DefaultRangeLimit = 10;

    /// <inheritdoc />
    public abstract Task EnsureCreatedAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task<VectorDocument?> GetAsync(string id, CancellationToken cancellationToken)
    {
        VectorDocument.ValidateId(id);
        var live = await ReadLiveTargetAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(live, id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public abstract Task<long> CountAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task DropAsync(CancellationToken cancellationToken)
    {
        await DropStorageAsync(cancellationToken).ConfigureAwait(false);
        await Redis.GetDatabase().KeyDeleteAsync([lockKey, deletedKey, statusKey]).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the engine's own keys and structures: every version, the live pointer, the documents.</summary>
    protected abstract Task DropStorageAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<VectorSearchResult> SearchAsync(KnnQuery query, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<VectorSearchResult> SearchRangeAsync(VectorRangeQuery query, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task<VectorIndexStatus> DescribeAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task UpsertAsync(VectorDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Validate(Schema);
        var before = await ReadTargetsAsync(cancellationToken).ConfigureAwait(false);
        await WriteToAsync(before, document, cancellationToken).ConfigureAwait(false);
        var after = await ReadTargetsAsync(cancellationToken).ConfigureAwait(false);
        if (after != before)
        {
            await WriteToAsync(after, document, cancellationToken).ConfigureAwait(false);
            foreach (var gone in before.All.Except(after.All))
            {
                await RemoveAsync(gone, document.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> ContainsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            VectorDocument.ValidateId(id);
        }

        var held = new HashSet<string>(StringComparer.Ordinal);
        var distinct = ids.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length == 0)
        {
            return held;
        }

        var targets = await ReadTargetsAsync(cancellationToken).ConfigureAwait(false);
        var checks = targets.All.Select(target => HoldsAsync(target, distinct, cancellationToken)).ToArray();
        foreach (var found in await Task.WhenAll(checks).ConfigureAwait(false))
        {
            held.UnionWith(distinct.Where((_, index) => found[index]));
        }

        return held;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        VectorDocument.ValidateId(id);
        var before = await ReadTargetsAsync(cancellationToken).ConfigureAwait(false);
        var removed = await RemoveFromAsync(before, id, cancellationToken).ConfigureAwait(false);
        var after = await ReadTargetsAsync(cancellationToken).ConfigureAwait(false);
        if (after != before)
        {
            removed |= await RemoveFromAsync(after, id, cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    /// <inheritdoc />
    public async Task<VectorRebuildStatus> RebuildAsync(IAsyncEnumerable<VectorDocument>? source, CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var (live, building, lockValue) = await TakeRebuildLockAsync(database, cancellationToken).ConfigureAwait(false);

        var started = DateTimeOffset.UtcNow;
        long copied = 0;
        var swapped = false;
        long? expected = null;
        try
        {
            expected = source is null ? await CountAsync(cancellationToken).ConfigureAwait(false) : null;
            await database.KeyDeleteAsync(deletedKey).ConfigureAwait(false);
            await WriteStatusAsync(new(VectorRebuildState.Running, building, 0, expected, started, null, null)).ConfigureAwait(false);
            await PrepareAsync(building, cancellationToken).ConfigureAwait(false);
            await foreach (var document in (source ?? ReadAllAsync(live, cancellationToken)).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                document.Validate(Schema);
                await CopyAsync(database, building, document, cancellationToken).ConfigureAwait(false);
                if (++copied % StatusEvery == 0)
                {
                    await database.HashSetAsync(statusKey, "copied", copied).ConfigureAwait(false);
                    await RenewLockAsync(database, lockValue).ConfigureAwait(false);
                }
            }

            if ((string?)await database.StringGetAsync(lockKey).ConfigureAwait(false) != lockValue)
            {
                throw new InvalidOperationException(
                    $"The rebuild of index '{Schema.Name}' lost its lock (it stalled for over {LockLifetime.TotalMinutes:0} minutes); the previous version stays live.");
            }

            await SwapAsync(building, cancellationToken).ConfigureAwait(false);
            swapped = true;
            var completed = new VectorRebuildStatus(VectorRebuildState.Completed, building, copied, expected, started, DateTimeOffset.UtcNow, null);
            await WriteStatusAsync(completed).ConfigureAwait(false);
            return completed;
        }
        catch (Exception exception)
        {
            await AbandonAsync(building).ConfigureAwait(false);
            await WriteStatusAsync(new(
                VectorRebuildState.Failed, building, copied, expected, started, DateTimeOffset.UtcNow,
                exception is OperationCanceledException ? "The rebuild was cancelled." : exception.Message)).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await database.ScriptEvaluateAsync(
                "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1], KEYS[2]) end return 0",
                [lockKey, deletedKey], [lockValue]).ConfigureAwait(false);
            if (swapped)
            {
                await RetireAsync(live).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The running or last rebuild, as recorded in Redis; null when there has been none.</summary>
    protected async Task<VectorRebuildStatus?> ReadRebuildStatusAsync()
    {
        var fields = (await Redis.GetDatabase().HashGetAllAsync(statusKey).ConfigureAwait(false))
            .ToDictionary(entry => entry.Name.ToString(), entry => entry.Value.ToString(), StringComparer.Ordinal);
        if (!fields.TryGetValue("state", out var state) || !Enum.TryParse<VectorRebuildState>(state, out var parsed))
        {
            return null;
        }

        // A rebuild whose process ended mid-way leaves "Running" behind, but its lock expires.
        var abandoned = parsed == VectorRebuildState.Running && !await Redis.GetDatabase().KeyExistsAsync(lockKey).ConfigureAwait(false);
        return new VectorRebuildStatus(
            abandoned ? VectorRebuildState.Failed : parsed,
            fields.GetValueOrDefault("target", string.Empty),
            long.Parse(fields.GetValueOrDefault("copied", "0"), CultureInfo.InvariantCulture),
            fields.TryGetValue("expected", out var expected) && expected.Length > 0 ? long.Parse(expected, CultureInfo.InvariantCulture) : null,
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(fields.GetValueOrDefault("started", "0"), CultureInfo.InvariantCulture)),
            fields.TryGetValue("finished", out var finished) && finished.Length > 0
                ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(finished, CultureInfo.InvariantCulture))
                : null,
            abandoned ? "The rebuild stopped without finishing: the process running it ended." : fields.TryGetValue("error", out var error) && error.Length > 0 ? error : null);
    }

    /// <summary>The live target and, while a rebuild runs, the building one.</summary>
    protected async Task<WriteTargets> ReadTargetsAsync(CancellationToken cancellationToken)
    {
        // Both reads at once: a write costs one round trip for them, not two.
        var liveRead = ReadLiveTargetAsync(cancellationToken);
        var rebuildRead = Redis.GetDatabase().StringGetAsync(lockKey).WaitAsync(cancellationToken);
        await Task.WhenAll(liveRead, rebuildRead).ConfigureAwait(false);
        var live = liveRead.Result;
        var building = ((string?)rebuildRead.Result)?.Split(' ', 2) is [_, var target] ? target : null;
        return new WriteTargets(live, building == live ? null : building);
    }

    /// <summary>What queries read now; creates the index first when it does not exist.</summary>
    protected abstract Task<string> ReadLiveTargetAsync(CancellationToken cancellationToken);

    /// <summary>The target a rebuild of <paramref name="live"/> builds.</summary>
    protected abstract string NextTarget(string live);

    /// <summary>Makes <paramref name="building"/> empty and ready to receive documents.</summary>
    protected abstract Task PrepareAsync(string building, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="building"/> what queries read, in one step.</summary>
    protected abstract Task SwapAsync(string building, CancellationToken cancellationToken);

    /// <summary>Removes what a failed rebuild left of <paramref name="building"/>.</summary>
    protected abstract Task AbandonAsync(string building);

    /// <summary>
    /// Frees what the replaced version <paramref name="formerLive"/> still holds, once the rebuild's lock is released
    /// (so writes that raced the swap have moved on to the new version).
    /// </summary>
    protected virtual Task RetireAsync(string formerLive) => Task.CompletedTask;

    /// <summary>Writes <paramref name="document"/> into <paramref name="target"/>; when <paramref name="onlyIfAbsent"/>, only if the target lacks it.</summary>
    /// <returns>Whether the document was written.</returns>
    protected abstract Task<bool> AddAsync(string target, VectorDocument document, bool onlyIfAbsent, CancellationToken cancellationToken);

    /// <summary>For each of <paramref name="ids"/>, whether <paramref name="target"/> holds it; the checks are sent together.</summary>
    protected abstract Task<bool[]> HoldsAsync(string target, IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>Removes the document from <paramref name="target"/>; false when it was not there.</summary>
    protected abstract Task<bool> RemoveAsync(string target, string id, CancellationToken cancellationToken);

    /// <summary>The document <paramref name="target"/> holds under <paramref name="id"/>; null when none.</summary>
    protected abstract Task<VectorDocument?> ReadAsync(string target, string id, CancellationToken cancellationToken);

    /// <summary>Every document <paramref name="target"/> holds, with its vector and fields.</summary>
    protected abstract IAsyncEnumerable<VectorDocument> ReadAllAsync(string target, CancellationToken cancellationToken);

    // The lock names the target being built, which depends on the live one; a rebuild that finished between reading
    // the live target and taking the lock would make that name wrong, so the live target is read again under the lock.
    private async Task<(string Live, string Building, string LockValue)> TakeRebuildLockAsync(IDatabase database, CancellationToken cancellationToken)
    {
        while (true)
        {
            var live = await ReadLiveTargetAsync(cancellationToken).ConfigureAwait(false);
            var building = NextTarget(live);
            var lockValue = $"{Guid.NewGuid():N} {building}";
            if (!await database.StringSetAsync(lockKey, lockValue, LockLifetime, When.NotExists).ConfigureAwait(false))
            {
                throw new VectorRebuildConflictException(Schema.Name);
            }

            if (await ReadLiveTargetAsync(cancellationToken).ConfigureAwait(false) == live)
            {
                return (live, building, lockValue);
            }

            await database.ScriptEvaluateAsync(
                "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
                [lockKey], [lockValue]).ConfigureAwait(false);
        }
    }

    // A long rebuild keeps its lock: the lock outlives a rebuild only when the process running it has ended.
    private Task RenewLockAsync(IDatabase database, string lockValue) =>
        database.ScriptEvaluateAsync(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0",
            [lockKey], [lockValue, (long)LockLifetime.TotalMilliseconds]);

    private async Task WriteToAsync(WriteTargets targets, VectorDocument document, CancellationToken cancellationToken)
    {
        if (targets.Building is not null)
        {
            // A document written again after a delete during the rebuild is no longer deleted.
            await Redis.GetDatabase().SetRemoveAsync(deletedKey, document.Id).ConfigureAwait(false);
        }

        foreach (var target in targets.All)
        {
            await AddAsync(target, document, onlyIfAbsent: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> RemoveFromAsync(WriteTargets targets, string id, CancellationToken cancellationToken)
    {
        if (targets.Building is not null)
        {
            var database = Redis.GetDatabase();
            await database.SetAddAsync(deletedKey, id).ConfigureAwait(false);
            await database.KeyExpireAsync(deletedKey, DeletedLifetime).ConfigureAwait(false);
        }

        var removed = false;
        foreach (var target in targets.All)
        {
            removed |= await RemoveAsync(target, id, cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    private async Task CopyAsync(IDatabase database, string building, VectorDocument document, CancellationToken cancellationToken)
    {
        if (await database.SetContainsAsync(deletedKey, document.Id).ConfigureAwait(false))
        {
            return;
        }

        // A delete may have landed between the check and the write: look again and take the copy back.
        if (await AddAsync(building, document, onlyIfAbsent: true, cancellationToken).ConfigureAwait(false)
            && await database.SetContainsAsync(deletedKey, document.Id).ConfigureAwait(false))
        {
            await RemoveAsync(building, document.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task WriteStatusAsync(VectorRebuildStatus status) =>
        Redis.GetDatabase().HashSetAsync(statusKey,
        [
            new("state", status.State.ToString()),
            new("target", status.Target),
            new("copied", status.Copied),
            new("expected", status.Expected?.ToString(CultureInfo.InvariantCulture) ?? string.Empty),
            new("started", status.StartedAt.ToUnixTimeMilliseconds()),
            new("finished", status.FinishedAt?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? string.Empty),
            new("error", status.Error ?? string.Empty),
        ]);

    /// <summary>Where writes go: the live target and, while a rebuild runs, the one being built.</summary>
    protected sealed record WriteTargets(string Live, string? Building)
    {
        /// <summary>
        /// Both targets, the building one first: a write that reaches the building target before the swap travels with
        /// it, and one that reaches it after the swap still reaches the new live target next.
        /// </summary>
        public IEnumerable<string> All => Building is null ? [Live] : [Building, Live];
    }
}
