using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// What both engines share: validation, and writes that stay consistent while a rebuild runs
/// (<c>.Rebuild.cs</c> holds the rebuild itself).
/// </summary>
/// <remarks>
/// An index has a live target (what queries read) and, while a rebuild runs, a building target named in the rebuild
/// lock. Each write reads both, writes to each, then reads them again and repeats itself on any target that appeared
/// meanwhile, so a write racing the start or the swap of a rebuild still reaches the version that stays.
/// </remarks>
internal abstract partial class RedisVectorIndex : IVectorIndex
{
    private readonly VectorRebuildStore rebuilds;

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
        rebuilds = new VectorRebuildStore(redis, stateKeyPrefix);
    }

    /// <inheritdoc />
    public abstract string Engine { get; }

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
        // A running or failed rebuild's target goes with the index.
        var running = await rebuilds.ReadRunningAsync(cancellationToken).ConfigureAwait(false);
        var last = await rebuilds.ReadStatusAsync().ConfigureAwait(false);
        foreach (var target in new[] { running?.Target, last?.Target }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            await AbandonAsync(target).ConfigureAwait(false);
        }

        await DropStorageAsync(cancellationToken).ConfigureAwait(false);
        await rebuilds.DeleteAsync(cancellationToken).ConfigureAwait(false);
    }

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
        var distinct = VectorDocument.ValidateIds(ids);
        var held = new HashSet<string>(StringComparer.Ordinal);
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

    /// <summary>The running or last rebuild, as recorded in Redis; null when there has been none.</summary>
    protected Task<VectorRebuildStatus?> ReadRebuildStatusAsync() => rebuilds.ReadStatusAsync();

    /// <summary>What queries read now; creates the index first when it does not exist.</summary>
    protected abstract Task<string> ReadLiveTargetAsync(CancellationToken cancellationToken);

    /// <summary>Removes the engine's own keys and structures: the live version, the live pointer, the documents.</summary>
    protected abstract Task DropStorageAsync(CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="document"/> into <paramref name="target"/>; when <paramref name="onlyIfAbsent"/>, only if the target lacks it.</summary>
    /// <returns>Whether the document was written.</returns>
    protected abstract Task<bool> AddAsync(string target, VectorDocument document, bool onlyIfAbsent, CancellationToken cancellationToken);

    /// <summary>For each of <paramref name="ids"/>, whether <paramref name="target"/> holds it; the checks are sent together.</summary>
    protected abstract Task<bool[]> HoldsAsync(string target, IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>Removes the document from <paramref name="target"/>; false when it was not there.</summary>
    protected abstract Task<bool> RemoveAsync(string target, string id, CancellationToken cancellationToken);

    /// <summary>The document <paramref name="target"/> holds under <paramref name="id"/>; null when none.</summary>
    protected abstract Task<VectorDocument?> ReadAsync(string target, string id, CancellationToken cancellationToken);

    /// <summary>The live target and, while a rebuild runs, the building one.</summary>
    private async Task<WriteTargets> ReadTargetsAsync(CancellationToken cancellationToken)
    {
        // Both reads at once: a write costs one round trip for them, not two.
        var liveRead = ReadLiveTargetAsync(cancellationToken);
        var rebuildRead = rebuilds.ReadRunningAsync(cancellationToken);
        await Task.WhenAll(liveRead, rebuildRead).ConfigureAwait(false);
        var live = liveRead.Result;
        var rebuild = rebuildRead.Result;
        return new WriteTargets(live, rebuild?.Target == live ? null : rebuild);
    }

    private async Task WriteToAsync(WriteTargets targets, VectorDocument document, CancellationToken cancellationToken)
    {
        if (targets.Rebuild is { } rebuild)
        {
            // A document written again after a delete during the rebuild is no longer deleted.
            await rebuilds.ForgetDeleteAsync(rebuild, document.Id).ConfigureAwait(false);
        }

        foreach (var target in targets.All)
        {
            await AddAsync(target, document, onlyIfAbsent: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> RemoveFromAsync(WriteTargets targets, string id, CancellationToken cancellationToken)
    {
        if (targets.Rebuild is { } rebuild)
        {
            await rebuilds.RecordDeleteAsync(rebuild, id).ConfigureAwait(false);
            return await RemoveWhileRebuildingAsync(rebuild.Target, targets.Live, id, cancellationToken).ConfigureAwait(false);
        }

        return await RemoveAsync(targets.Live, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes <paramref name="id"/> from the version a rebuild is filling and from the live one, in that order (see
    /// <see cref="WriteTargets.All"/>); whether either held it.
    /// </summary>
    protected virtual async Task<bool> RemoveWhileRebuildingAsync(string building, string live, string id, CancellationToken cancellationToken)
    {
        var removed = await RemoveAsync(building, id, cancellationToken).ConfigureAwait(false);
        return await RemoveAsync(live, id, cancellationToken).ConfigureAwait(false) | removed;
    }

    /// <summary>Where writes go: the live target and, while a rebuild runs, the one it builds.</summary>
    private sealed record WriteTargets(string Live, RunningRebuild? Rebuild)
    {
        /// <summary>
        /// Both targets, the building one first: a write that reaches the building target before the swap travels with
        /// it, and one that reaches it after the swap still reaches the new live target next.
        /// </summary>
        public IEnumerable<string> All => Rebuild is null ? [Live] : [Rebuild.Target, Live];
    }
}
