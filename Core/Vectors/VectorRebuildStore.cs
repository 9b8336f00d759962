using System.Globalization;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// What one index's rebuilds share through Redis, under one hash tag: the lock that keeps two apart and names the
/// target being built (so writers reach it too), the ids deleted while a rebuild runs, and the running or last
/// rebuild's status.
/// </summary>
internal sealed class VectorRebuildStore
{
    /// <summary>Renewed as the copy progresses, so it only needs to outlast the longest pause between two renewals.</summary>
    public static readonly TimeSpan LockLifetime = TimeSpan.FromMinutes(5);

    // Deleted ids are dropped when the rebuild ends; the lifetime only keeps a crashed rebuild from leaking them.
    private static readonly TimeSpan DeletedLifetime = TimeSpan.FromDays(1);

    // Each script acts only while the lock still holds the caller's value, so a rebuild that lost its lock never
    // touches the one that took it over.
    private const string ReleaseScript =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1], KEYS[2]) end return 0";

    private const string RenewScript =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

    private readonly IConnectionMultiplexer redis;
    private readonly string keyPrefix;

    /// <param name="redis">The connection.</param>
    /// <param name="keyPrefix">The prefix of every key, holding the index's hash tag.</param>
    public VectorRebuildStore(IConnectionMultiplexer redis, string keyPrefix)
    {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        LockKey = $"{keyPrefix}:rebuild-lock";
        StatusKey = $"{keyPrefix}:rebuild-status";
    }

    /// <summary>The lock; its value is the rebuild's token and target.</summary>
    public string LockKey { get; }

    /// <summary>The hash holding the running or last rebuild's status.</summary>
    public string StatusKey { get; }

    private IDatabase Database => redis.GetDatabase();

    /// <summary>
    /// Takes the lock for a rebuild of <paramref name="target"/>, naming it at once: from this moment every write and
    /// delete reaches it. Null when another rebuild holds the lock.
    /// </summary>
    public async Task<RunningRebuild?> TryStartAsync(string target)
    {
        var rebuild = new RunningRebuild(Guid.NewGuid().ToString("N"), target);
        return await Database.StringSetAsync(LockKey, rebuild.LockValue, LockLifetime, When.NotExists).ConfigureAwait(false) ? rebuild : null;
    }

    /// <summary>The rebuild running now, as writers must see it; null when none.</summary>
    public async Task<RunningRebuild?> ReadRunningAsync(CancellationToken cancellationToken) =>
        RunningRebuild.Parse(await Database.StringGetAsync(LockKey).WaitAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Whether <paramref name="rebuild"/> still holds the lock.</summary>
    public async Task<bool> HoldsAsync(RunningRebuild rebuild) =>
        (string?)await Database.StringGetAsync(LockKey).ConfigureAwait(false) == rebuild.LockValue;

    /// <summary>Extends the lock of a rebuild that is making progress.</summary>
    public Task RenewAsync(RunningRebuild rebuild) =>
        Database.ScriptEvaluateAsync(RenewScript, [LockKey], [rebuild.LockValue, (long)LockLifetime.TotalMilliseconds]);

    /// <summary>Releases the lock and forgets the rebuild's deleted ids, if it still holds the lock.</summary>
    public Task ReleaseAsync(RunningRebuild rebuild) =>
        Database.ScriptEvaluateAsync(ReleaseScript, [LockKey, DeletedKey(rebuild)], [rebuild.LockValue]);

    /// <summary>Records a delete made while <paramref name="rebuild"/> runs, so it skips or takes back its copy of the document.</summary>
    public async Task RecordDeleteAsync(RunningRebuild rebuild, string id)
    {
        var key = DeletedKey(rebuild);
        await Database.SetAddAsync(key, id).ConfigureAwait(false);
        await Database.KeyExpireAsync(key, DeletedLifetime).ConfigureAwait(false);
    }

    /// <summary>Forgets a delete: the document was written again.</summary>
    public Task ForgetDeleteAsync(RunningRebuild rebuild, string id) => Database.SetRemoveAsync(DeletedKey(rebuild), id);

    /// <summary>Whether the document was deleted while <paramref name="rebuild"/> runs.</summary>
    public Task<bool> WasDeletedAsync(RunningRebuild rebuild, string id) => Database.SetContainsAsync(DeletedKey(rebuild), id);

    /// <summary>Records how many documents the running rebuild has copied.</summary>
    public Task WriteCopiedAsync(long copied) => Database.HashSetAsync(StatusKey, "copied", copied);

    /// <summary>Records a rebuild's status.</summary>
    public Task WriteStatusAsync(VectorRebuildStatus status) =>
        Database.HashSetAsync(StatusKey,
        [
            new("state", status.State.ToString()),
            new("target", status.Target),
            new("copied", status.Copied),
            new("expected", status.Expected?.ToString(CultureInfo.InvariantCulture) ?? string.Empty),
            new("started", status.StartedAt.ToUnixTimeMilliseconds()),
            new("finished", status.FinishedAt?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? string.Empty),
            new("error", status.Error ?? string.Empty),
        ]);

    /// <summary>The running or last rebuild; null when there has been none.</summary>
    public async Task<VectorRebuildStatus?> ReadStatusAsync()
    {
        var fields = (await Database.HashGetAllAsync(StatusKey).ConfigureAwait(false))
            .ToDictionary(entry => entry.Name.ToString(), entry => entry.Value.ToString(), StringComparer.Ordinal);
        if (!fields.TryGetValue("state", out var state) || !Enum.TryParse<VectorRebuildState>(state, out var parsed))
        {
            return null;
        }

        // A rebuild whose process ended mid-way leaves "Running" behind, but its lock expires.
        var abandoned = parsed == VectorRebuildState.Running && !await Database.KeyExistsAsync(LockKey).ConfigureAwait(false);
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

    /// <summary>Removes the lock and the status, when the index itself is dropped.</summary>
    public Task DeleteAsync(CancellationToken cancellationToken) =>
        Database.KeyDeleteAsync([LockKey, StatusKey]).WaitAsync(cancellationToken);

    // One set per rebuild: a rebuild starts with none, so no delete recorded for another rebuild is ever read as its own.
    private string DeletedKey(RunningRebuild rebuild) => $"{keyPrefix}:rebuild-deleted:{rebuild.Token}";
}
