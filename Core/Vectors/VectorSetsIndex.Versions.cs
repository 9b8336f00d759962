using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <remarks>
/// <para>
/// Each version of the index (the live one, and the one a rebuild fills) keeps, in one slot with its untenanted set, a
/// hash of which tenant owns each document and the set of tenants it has sets for. Reads, deletes and membership checks
/// find a document's set through its owner; an owner is written after the element, so a delete racing a write leaves
/// either both or neither, and a write that moves a document to another tenant takes it out of the former's set.
/// </para>
/// <para>
/// A copy (a rebuild's) claims the owner only if none is recorded, then adds the element only if absent, then looks at
/// the owner again and takes its element back if a write or delete changed it meanwhile: the newer write always wins.
/// </para>
/// </remarks>
internal sealed partial class VectorSetsIndex
{
    private const int ReadBatch = 256;

    // An empty owner stands for "no tenant": the untenanted set.
    private const string NoTenant = "";

    private const string ClaimScript =
        "local previous = redis.call('HGET', KEYS[1], ARGV[1]) " +
        "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) " +
        "if ARGV[2] ~= '' then redis.call('SADD', KEYS[2], ARGV[2]) end " +
        "return previous";

    private const string ClaimIfAbsentScript =
        "if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end " +
        "if ARGV[2] ~= '' then redis.call('SADD', KEYS[2], ARGV[2]) end " +
        "return 1";

    private const string TakeOwnerScript =
        "local owner = redis.call('HGET', KEYS[1], ARGV[1]) redis.call('HDEL', KEYS[1], ARGV[1]) return owner";

    private const string AddIfAbsentScript =
        "if redis.call('VISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end " +
        "redis.call('VADD', KEYS[1], unpack(ARGV, 2)) return 1";

    // One reply, so the list is of one moment: counted first and read after, elements added in between would leave
    // VRANDMEMBER's count short of the set, and it would return a random subset.
    private const string MembersScript = "return redis.call('VRANDMEMBER', KEYS[1], redis.call('VCARD', KEYS[1]))";

    /// <inheritdoc />
    protected override Task<string> ReadLiveTargetAsync(CancellationToken cancellationToken) => Task.FromResult(keys.Live);

    /// <inheritdoc />
    protected override Task<string> NewTargetAsync(CancellationToken cancellationToken) => Task.FromResult(keys.NewTarget());

    /// <inheritdoc />
    /// <remarks>A Vector Set comes into being with its first element.</remarks>
    protected override Task CreateTargetAsync(string target, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>
    /// Each set in turn, then the owners and tenants together: a tenant's queries see its whole old set, then its whole
    /// new one. A set the new version lacks (its tenant has no document in it) is deleted.
    /// </remarks>
    protected override async Task SwapAsync(string building, CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var buildingTenants = await TenantsAsync(building, cancellationToken).ConfigureAwait(false);
        var liveTenants = await TenantsAsync(keys.Live, cancellationToken).ConfigureAwait(false);
        foreach (var tenant in buildingTenants.Append(null))
        {
            var built = keys.Set(building, tenant);
            if (await database.KeyExistsAsync(built).ConfigureAwait(false))
            {
                await database.KeyRenameAsync(built, keys.Set(keys.Live, tenant)).ConfigureAwait(false);
            }
            else
            {
                await database.KeyDeleteAsync(keys.Set(keys.Live, tenant)).ConfigureAwait(false);
            }
        }

        foreach (var gone in liveTenants.Except(buildingTenants, StringComparer.Ordinal))
        {
            await database.KeyDeleteAsync(keys.Set(keys.Live, gone)).ConfigureAwait(false);
        }

        // Both in the untenanted set's slot: one script renames them, or drops the live ones when the new version is empty.
        await database.ScriptEvaluateAsync(
            "for i = 1, #KEYS, 2 do " +
            "if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('RENAME', KEYS[i], KEYS[i + 1]) else redis.call('DEL', KEYS[i + 1]) end end",
            [VectorSetsKeys.Owners(building), VectorSetsKeys.Owners(keys.Live), VectorSetsKeys.Tenants(building), VectorSetsKeys.Tenants(keys.Live)]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task AbandonAsync(string target)
    {
        var database = Redis.GetDatabase();
        var sets = await SetsAsync(target, CancellationToken.None).ConfigureAwait(false);
        foreach (var key in sets.Append(VectorSetsKeys.Owners(target)).Append(VectorSetsKeys.Tenants(target)))
        {
            await database.KeyDeleteAsync(key).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override Task DropStorageAsync(CancellationToken cancellationToken) => AbandonAsync(keys.Live).WaitAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task<bool> AddAsync(string target, VectorDocument document, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        var tenant = TenantOf(document);
        var set = keys.Set(target, tenant);
        var owners = VectorSetsKeys.Owners(target);
        RedisKey[] ownerKeys = [owners, VectorSetsKeys.Tenants(target)];
        var database = Redis.GetDatabase();
        if (!onlyIfAbsent)
        {
            await WriteElementAsync(database, set, document, cancellationToken).ConfigureAwait(false);
            var previous = await database.ScriptEvaluateAsync(ClaimScript, ownerKeys, [document.Id, tenant ?? NoTenant]).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!previous.IsNull && OwnerTenant((string)previous!) is var former && former != tenant)
            {
                await database.ExecuteAsync("VREM", keys.Set(target, former), document.Id).WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        if ((long)await database.ScriptEvaluateAsync(ClaimIfAbsentScript, ownerKeys, [document.Id, tenant ?? NoTenant]).WaitAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }

        var arguments = VectorSetsElements.AddArguments(Schema, document, VectorSetsElements.QuantizationName(Schema.Quantization), Schema.M);
        var added = (long)await database.ScriptEvaluateAsync(
            AddIfAbsentScript, [set], [document.Id, .. arguments.Select(VectorSetsElements.ToRedisValue)]).WaitAsync(cancellationToken).ConfigureAwait(false) == 1;
        var owner = await database.HashGetAsync(owners, document.Id).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (owner.IsNull || OwnerTenant(owner!) != tenant)
        {
            // A write moved the document to another tenant, or a delete took it, while this copy was on its way.
            await database.ExecuteAsync("VREM", set, document.Id).WaitAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        return added;
    }

    /// <inheritdoc />
    protected override async Task<bool> RemoveAsync(string target, string id, CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var owner = await database.ScriptEvaluateAsync(TakeOwnerScript, [VectorSetsKeys.Owners(target)], [id]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (bool)await database.ExecuteAsync("VREM", keys.Set(target, owner.IsNull ? null : OwnerTenant((string)owner!)), id)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The swap renames the built sets and owners into the live names one key at a time, and may do so between this
    /// delete's steps: a document's tenant read from either version's owners, then removed from the built set and the
    /// live set of that tenant, and only then its owners dropped, is gone from whichever names it sits under when the
    /// swap ends. Removing each version in turn could lose the owner to the first removal and leave the element behind.
    /// </remarks>
    protected override async Task<bool> RemoveWhileRebuildingAsync(string building, string live, string id, CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var owners = await Task.WhenAll(
            database.HashGetAsync(VectorSetsKeys.Owners(building), id), database.HashGetAsync(VectorSetsKeys.Owners(live), id))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        var tenants = owners.Where(owner => !owner.IsNull).Select(owner => OwnerTenant(owner!)).DefaultIfEmpty(null).Distinct().ToArray();
        var removed = false;
        foreach (var tenant in tenants)
        {
            removed |= (bool)await database.ExecuteAsync("VREM", keys.Set(building, tenant), id).WaitAsync(cancellationToken).ConfigureAwait(false);
            removed |= (bool)await database.ExecuteAsync("VREM", keys.Set(live, tenant), id).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await database.HashDeleteAsync(VectorSetsKeys.Owners(building), id).WaitAsync(cancellationToken).ConfigureAwait(false);
        await database.HashDeleteAsync(VectorSetsKeys.Owners(live), id).WaitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <inheritdoc />
    protected override async Task<bool[]> HoldsAsync(string target, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var sets = await SetsOfAsync(target, ids, cancellationToken).ConfigureAwait(false);
        var checks = ids.Select((id, index) => database.ExecuteAsync("VISMEMBER", sets[index], id)).ToArray();
        var replies = await Task.WhenAll(checks).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. replies.Select(reply => (long)reply == 1)];
    }

    /// <inheritdoc />
    protected override async Task<VectorDocument?> ReadAsync(string target, string id, CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var set = (await SetsOfAsync(target, [id], cancellationToken).ConfigureAwait(false))[0];
        var vector = database.ExecuteAsync("VEMB", set, id);
        var attributes = database.ExecuteAsync("VGETATTR", set, id);
        await Task.WhenAll(vector, attributes).WaitAsync(cancellationToken).ConfigureAwait(false);
        return vector.Result.IsNull ? null : VectorSetsElements.ToDocument(Schema, id, (RedisResult[])vector.Result!, attributes.Result);
    }

    /// <inheritdoc />
    /// <remarks>The tenants' sets first, the untenanted set last: a copy left there from before partitioning loses to its tenant's.</remarks>
    protected override async IAsyncEnumerable<VectorDocument> ReadAllAsync(string target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        foreach (var set in await SetsAsync(target, cancellationToken).ConfigureAwait(false))
        {
            // With a count of the set's size, VRANDMEMBER returns every element once.
            var members = (RedisResult[])(await database.ScriptEvaluateAsync(MembersScript, [set]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
            foreach (var batch in members.Select(member => member.ToString()).Chunk(ReadBatch))
            {
                var vectors = batch.Select(id => database.ExecuteAsync("VEMB", set, id)).ToArray();
                var attributes = batch.Select(id => database.ExecuteAsync("VGETATTR", set, id)).ToArray();
                await Task.WhenAll(vectors.Concat(attributes)).WaitAsync(cancellationToken).ConfigureAwait(false);
                for (var index = 0; index < batch.Length; index++)
                {
                    // An element deleted since VRANDMEMBER has no embedding any more.
                    if (!vectors[index].Result.IsNull)
                    {
                        yield return VectorSetsElements.ToDocument(Schema, batch[index], (RedisResult[])vectors[index].Result!, attributes[index].Result);
                    }
                }
            }
        }
    }

    // The document's tenant when the schema partitions by one; null puts it in the untenanted set.
    private string? TenantOf(VectorDocument document) =>
        Schema.IsTagField(VectorFilter.TenantField) && document.Tags.TryGetValue(VectorFilter.TenantField, out var tenant) ? tenant : null;

    private static string? OwnerTenant(string owner) => owner.Length == 0 ? null : owner;

    private async Task WriteElementAsync(IDatabase database, string set, VectorDocument document, CancellationToken cancellationToken)
    {
        var arguments = VectorSetsElements.AddArguments(Schema, document, VectorSetsElements.QuantizationName(Schema.Quantization), Schema.M);
        try
        {
            await database.ExecuteAsync("VADD", [set, .. arguments]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Message.Contains("mismatch with existing vector set", StringComparison.Ordinal))
        {
            // The set was built under other settings (a changed Vectors:Quantization or Vectors:M): it keeps them
            // until a rebuild, and takes writes on its own terms meanwhile.
            var info = await database.ExecuteAsync("VINFO", set).WaitAsync(cancellationToken).ConfigureAwait(false);
            var (quantization, m) = VectorSetsElements.Settings(info);
            await database.ExecuteAsync("VADD", [set, .. VectorSetsElements.AddArguments(Schema, document, quantization, m)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // The tenants that have a set in version target.
    private async Task<string[]> TenantsAsync(string target, CancellationToken cancellationToken) =>
        [.. (await Redis.GetDatabase().SetMembersAsync(VectorSetsKeys.Tenants(target)).WaitAsync(cancellationToken).ConfigureAwait(false))
            .Select(tenant => tenant.ToString()).Order(StringComparer.Ordinal)];

    // Every set of version target: each tenant's, then the untenanted one.
    private async Task<string[]> SetsAsync(string target, CancellationToken cancellationToken) =>
        [.. (await TenantsAsync(target, cancellationToken).ConfigureAwait(false)).Select(tenant => keys.Set(target, tenant)), keys.Set(target, null)];

    // The set that holds each of ids in version target, by its owner; the untenanted set for an id without one (absent,
    // or written before the index was partitioned).
    private async Task<string[]> SetsOfAsync(string target, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var owners = await Redis.GetDatabase().HashGetAsync(VectorSetsKeys.Owners(target), [.. ids.Select(id => (RedisValue)id)])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. owners.Select(owner => keys.Set(target, owner.IsNull ? null : OwnerTenant(owner!)))];
    }
}
