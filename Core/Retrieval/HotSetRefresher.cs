using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Refreshes the hot set: chooses the documents as <see cref="HotSetOptions.Policy"/> says (by default the most-asked
/// documents, each tenant's within its share while others ask too, and the newest when there are not enough asks, as
/// on a cold start; or the newest alone; or a share of each), reads them from PostgreSQL and rebuilds the hot index
/// from them, which swaps in atomically, then drops the cached search results, which the new hot set may answer
/// differently. Two refreshes never run at once, on any replica (a Redis lock), and the progress is in Redis for every
/// replica to show.
/// </summary>
public sealed partial class HotSetRefresher
{
    private readonly IVectorIndex hot;
    private readonly PostgresColdTier cold;
    private readonly RedisAskCounter asks;
    private readonly IConnectionMultiplexer redis;
    private readonly SearchResultCache results;
    private readonly IOptions<HotSetOptions> options;
    private readonly ILogger<HotSetRefresher> logger;

    internal HotSetRefresher(
        IVectorIndex hot,
        PostgresColdTier cold,
        RedisAskCounter asks,
        IConnectionMultiplexer redis,
        SearchResultCache results,
        IOptions<HotSetOptions> options,
        ILogger<HotSetRefresher> logger)
    {
        this.hot = hot;
        this.cold = cold;
        this.asks = asks;
        this.redis = redis;
        this.results = results;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>The lock that keeps two refreshes of the hot index apart.</summary>
    public string LockKey => $"hotset:{{{hot.Schema.Name}}}:refresh-lock";

    /// <summary>The hash holding the running or last refresh of the hot index.</summary>
    public string StatusKey => $"hotset:{{{hot.Schema.Name}}}:refresh";

    private const int ReadBatch = 500;
    private static readonly TimeSpan LockLifetime = TimeSpan.FromHours(1);

    /// <summary>Chooses the hot set and rebuilds the hot index from it.</summary>
    /// <exception cref="HotSetRefreshConflictException">Another refresh is running.</exception>
    public async Task<HotSetRefreshStatus> RefreshAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var token = Guid.NewGuid().ToString("N");
        if (!await database.StringSetAsync(LockKey, token, LockLifetime, When.NotExists).ConfigureAwait(false))
        {
            throw new HotSetRefreshConflictException();
        }

        var started = DateTimeOffset.UtcNow;
        HotSetPlan? plan = null;
        try
        {
            await WriteStatusAsync(database, new(VectorRebuildState.Running, null, null, 0, started, null, null)).ConfigureAwait(false);
            plan = await PlanAsync(cancellationToken).ConfigureAwait(false);
            await WriteStatusAsync(database, new(VectorRebuildState.Running, plan.Ids.Count, plan.FromAsks, 0, started, null, null)).ConfigureAwait(false);
            var rebuilt = await hot.RebuildAsync(ReadAsync(plan.Ids, cancellationToken), cancellationToken).ConfigureAwait(false);
            await results.InvalidateAllAsync(cancellationToken).ConfigureAwait(false);
            var completed = new HotSetRefreshStatus(VectorRebuildState.Completed, plan.Ids.Count, plan.FromAsks, rebuilt.Copied, started, DateTimeOffset.UtcNow, null);
            await WriteStatusAsync(database, completed).ConfigureAwait(false);
            LogRefreshed(logger, rebuilt.Copied, options.Value.ParsePolicy(), plan.FromAsks, rebuilt.Target);
            return completed;
        }
        catch (Exception exception)
        {
            await WriteStatusAsync(database, new(
                VectorRebuildState.Failed, plan?.Ids.Count, plan?.FromAsks, 0, started, DateTimeOffset.UtcNow,
                exception is OperationCanceledException ? "The refresh was cancelled." : exception.Message)).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await database.ScriptEvaluateAsync(
                "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
                [LockKey], [token]).ConfigureAwait(false);
        }
    }

    /// <summary>The running or last refresh; null when there has been none.</summary>
    public async Task<HotSetRefreshStatus?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var fields = (await database.HashGetAllAsync(StatusKey).WaitAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(entry => entry.Name.ToString(), entry => entry.Value.ToString(), StringComparer.Ordinal);
        if (!fields.TryGetValue("state", out var text) || !Enum.TryParse<VectorRebuildState>(text, out var state))
        {
            return null;
        }

        // A refresh whose process ended leaves "Running" behind, but its lock expires.
        var abandoned = state == VectorRebuildState.Running && !await database.KeyExistsAsync(LockKey).ConfigureAwait(false);
        var loaded = state == VectorRebuildState.Running && !abandoned
            ? (await hot.DescribeAsync(cancellationToken).ConfigureAwait(false)).Rebuild is { State: VectorRebuildState.Running } rebuild ? rebuild.Copied : 0
            : Long(fields, "loaded") ?? 0;
        return new HotSetRefreshStatus(
            abandoned ? VectorRebuildState.Failed : state,
            (int?)Long(fields, "planned"),
            (int?)Long(fields, "fromAsks"),
            loaded,
            DateTimeOffset.FromUnixTimeMilliseconds(Long(fields, "started") ?? 0),
            Long(fields, "finished") is { } finished ? DateTimeOffset.FromUnixTimeMilliseconds(finished) : null,
            abandoned ? "The refresh stopped without finishing: the process running it ended." : fields.GetValueOrDefault("error") is { Length: > 0 } error ? error : null);
    }

    /// <summary>
    /// What the next refresh would load, as <see cref="HotSetOptions.Policy"/> says: each tenant's share of its
    /// most-asked documents, then the most-asked of all in the room left, then the newest; the newest alone; or a share
    /// of the newest, then the asked (see <see cref="HotSetPlanner"/>).
    /// </summary>
    internal async Task<HotSetPlan> PlanAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var policy = settings.ParsePolicy();
        List<HotSetCandidate> tenantsMostAsked = [];
        List<HotSetCandidate> mostAsked = [];
        if (policy != HotSetPolicy.Newest)
        {
            (tenantsMostAsked, mostAsked) = await ReadAskedAsync(settings, cancellationToken).ConfigureAwait(false);
            if (policy == HotSetPolicy.MostAsked)
            {
                var plan = HotSetPlanner.Choose(tenantsMostAsked, mostAsked, [], settings);
                if (plan.Ids.Count == settings.Size)
                {
                    return plan;
                }
            }
        }

        // The newest: the policy's own choice, or what fills the room the asks left (a cold start, or caps that left room).
        var newest = await cold.ReadNewestCandidatesAsync(settings.Size, settings.TenantSizes, cancellationToken).ConfigureAwait(false);
        return HotSetPlanner.Choose(tenantsMostAsked, mostAsked, newest, settings);
    }

    /// <summary>Every tenant's most-asked documents and the most-asked of all, those PostgreSQL still holds, with its tenant.</summary>
    private async Task<(List<HotSetCandidate> TenantsMostAsked, List<HotSetCandidate> MostAsked)> ReadAskedAsync(
        HotSetOptions settings, CancellationToken cancellationToken)
    {
        // Twice as many as can be taken, so documents left out by a cap or deleted since can be replaced by the next asked.
        var perTenant = new List<(string Id, double Asks)>();
        foreach (var tenant in await asks.TenantsAsync(cancellationToken).ConfigureAwait(false))
        {
            perTenant.AddRange(await asks.TopAsync(tenant, 2 * settings.FairShareOf(tenant), cancellationToken).ConfigureAwait(false));
        }

        var overall = await asks.TopAsync(tenant: null, 2 * settings.Size, cancellationToken).ConfigureAwait(false);

        // Ask counts of deleted documents linger: only documents PostgreSQL still holds are candidates, with its tenant.
        var askedIds = perTenant.Concat(overall).Select(entry => entry.Id).Distinct(StringComparer.Ordinal).ToList();
        var held = await ReadTenantsAsync(askedIds, cancellationToken).ConfigureAwait(false);
        List<HotSetCandidate> Candidates(IEnumerable<(string Id, double Asks)> entries) =>
            [.. entries.Where(entry => held.ContainsKey(entry.Id)).Select(entry => new HotSetCandidate(entry.Id, held[entry.Id], entry.Asks))];
        return (Candidates(perTenant), Candidates(overall));
    }

    /// <summary>The tenant (null: none) of each of <paramref name="ids"/> that PostgreSQL still holds.</summary>
    private async Task<Dictionary<string, string?>> ReadTenantsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var held = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var batch in ids.Chunk(ReadBatch))
        {
            foreach (var document in await cold.ReadForHotTierAsync(batch, cancellationToken).ConfigureAwait(false))
            {
                held[document.Id] = TenantOf(document);
            }
        }

        return held;
    }

    private static string? TenantOf(VectorDocument document) => document.Tags.GetValueOrDefault(VectorFilter.TenantField);

    private async IAsyncEnumerable<VectorDocument> ReadAsync(IReadOnlyList<string> ids, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var batch in ids.Chunk(ReadBatch))
        {
            foreach (var document in await cold.ReadForHotTierAsync(batch, cancellationToken).ConfigureAwait(false))
            {
                yield return document;
            }
        }
    }

    private static long? Long(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private Task WriteStatusAsync(IDatabase database, HotSetRefreshStatus status) =>
        database.HashSetAsync(StatusKey,
        [
            new("state", status.State.ToString()),
            new("planned", status.Planned?.ToString(CultureInfo.InvariantCulture) ?? string.Empty),
            new("fromAsks", status.FromAsks?.ToString(CultureInfo.InvariantCulture) ?? string.Empty),
            new("loaded", status.Loaded),
            new("started", status.StartedAt.ToUnixTimeMilliseconds()),
            new("finished", status.FinishedAt?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? string.Empty),
            new("error", status.Error ?? string.Empty),
        ]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hot set refreshed ({Policy}): {Loaded} documents ({FromAsks} by ask count, the rest the newest) in {Target}")]
    private static partial void LogRefreshed(ILogger logger, long loaded, HotSetPolicy policy, int fromAsks, string target);
}
