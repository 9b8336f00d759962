namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Chooses the hot set as <see cref="HotSetOptions.Policy"/> says. <c>MostAsked</c> takes three passes, so one tenant's
/// traffic cannot push the documents other tenants ask for out of it:
/// <list type="number">
/// <item><description>Fair share: every tenant's own most-asked documents, at most
/// <see cref="HotSetOptions.FairShareOf(string)"/> of one tenant, and the most-asked documents of no tenant, merged by
/// ask count (then by id, so equal counts always choose alike), until <see cref="HotSetOptions.Size"/> are
/// chosen.</description></item>
/// <item><description>Spare room: the most-asked documents of every tenant together, beyond a tenant's share but never
/// beyond its explicit <see cref="HotSetOptions.TenantSizes"/> cap, so room no other tenant asked for is not left empty
/// (a single tenant fills the whole hot set).</description></item>
/// <item><description>The newest documents fill the rest, under the explicit caps only (a cold start is this pass
/// alone).</description></item>
/// </list>
/// <c>Newest</c> is the last pass alone. <c>Mixed</c> first takes the newest documents into
/// <see cref="HotSetOptions.NewestShare"/> of the hot set, then the three passes fill the rest, each tenant's share
/// reckoned on the room left for asked documents. The newest are taken by updated_at, newest first, then by id.
/// A document's tenant is the one PostgreSQL holds, whichever list it came from; an explicit cap counts a tenant's
/// documents over all passes and is never exceeded.
/// </summary>
internal static class HotSetPlanner
{
    /// <summary>Chooses the hot set from documents PostgreSQL still holds.</summary>
    /// <param name="tenantsMostAsked">Every tenant's most-asked documents, each with its tenant's own ask count.</param>
    /// <param name="mostAsked">The most-asked documents of all tenants, each with its count over all asks.</param>
    /// <param name="newest">The newest documents with their update times, in any order.</param>
    /// <param name="options">The policy, the size, the shares and the explicit caps.</param>
    public static HotSetPlan Choose(
        IReadOnlyList<HotSetCandidate> tenantsMostAsked,
        IReadOnlyList<HotSetCandidate> mostAsked,
        IReadOnlyList<HotSetCandidate> newest,
        HotSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(tenantsMostAsked);
        ArgumentNullException.ThrowIfNull(mostAsked);
        ArgumentNullException.ThrowIfNull(newest);
        ArgumentNullException.ThrowIfNull(options);
        var policy = options.ParsePolicy();
        var chosen = new List<string>(options.Size);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // A tenant's documents in every pass, which its explicit cap bounds, and its asked ones, which its share bounds.
        var perTenant = new Dictionary<string, int>(StringComparer.Ordinal);
        var askedPerTenant = new Dictionary<string, int>(StringComparer.Ordinal);

        bool TryAdd(HotSetCandidate candidate, int room, Func<string, int>? shareOf = null)
        {
            if (chosen.Count >= room || seen.Contains(candidate.Id))
            {
                return false;
            }

            if (candidate.Tenant is { } tenant)
            {
                var taken = perTenant.GetValueOrDefault(tenant);
                var asked = askedPerTenant.GetValueOrDefault(tenant);
                if (taken >= ExplicitCapOf(tenant) || (shareOf is not null && asked >= shareOf(tenant)))
                {
                    return false;
                }

                perTenant[tenant] = taken + 1;
                if (shareOf is not null)
                {
                    askedPerTenant[tenant] = asked + 1;
                }
            }

            seen.Add(candidate.Id);
            chosen.Add(candidate.Id);
            return true;
        }

        int ExplicitCapOf(string tenant) => options.TenantSizes.TryGetValue(tenant, out var cap) ? cap : int.MaxValue;

        var byAge = newest.OrderByDescending(candidate => candidate.UpdatedAt).ThenBy(candidate => candidate.Id, StringComparer.Ordinal).ToList();
        var newestRoom = options.NewestRoom;
        foreach (var candidate in byAge)
        {
            TryAdd(candidate, newestRoom);
        }

        var fromAsks = 0;
        if (policy != HotSetPolicy.Newest)
        {
            var before = chosen.Count;
            var askedRoom = options.Size - newestRoom;
            foreach (var candidate in ByAsks(tenantsMostAsked.Concat(mostAsked.Where(candidate => candidate.Tenant is null))))
            {
                TryAdd(candidate, options.Size, tenant => options.FairShareOf(tenant, askedRoom));
            }

            foreach (var candidate in ByAsks(mostAsked))
            {
                TryAdd(candidate, options.Size);
            }

            fromAsks = chosen.Count - before;
        }

        foreach (var candidate in byAge)
        {
            TryAdd(candidate, options.Size);
        }

        return new HotSetPlan(chosen, fromAsks);
    }

    private static IEnumerable<HotSetCandidate> ByAsks(IEnumerable<HotSetCandidate> candidates) =>
        candidates.OrderByDescending(candidate => candidate.Asks).ThenBy(candidate => candidate.Id, StringComparer.Ordinal);
}
