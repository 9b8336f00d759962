namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Chooses the hot set in three passes, so one tenant's traffic cannot push the documents other tenants ask for out of it:
/// <list type="number">
/// <item><description>Fair share: every tenant's own most-asked documents, at most
/// <see cref="HotSetOptions.FairShareOf"/> of one tenant, and the most-asked documents of no tenant, merged by ask count
/// (then by id, so equal counts always choose alike), until <see cref="HotSetOptions.Size"/> are chosen.</description></item>
/// <item><description>Spare room: the most-asked documents of every tenant together, beyond a tenant's share but never
/// beyond its explicit <see cref="HotSetOptions.TenantSizes"/> cap, so room no other tenant asked for is not left empty
/// (a single tenant fills the whole hot set).</description></item>
/// <item><description>The newest documents fill the rest, under the explicit caps only (a cold start is this pass
/// alone).</description></item>
/// </list>
/// A document's tenant is the one PostgreSQL holds, whichever ask list it came from; an explicit cap counts a tenant's
/// documents over all three passes and is never exceeded.
/// </summary>
internal static class HotSetPlanner
{
    /// <summary>Chooses the hot set from documents PostgreSQL still holds.</summary>
    /// <param name="tenantsMostAsked">Every tenant's most-asked documents, each with its tenant's own ask count.</param>
    /// <param name="mostAsked">The most-asked documents of all tenants, each with its count over all asks.</param>
    /// <param name="newest">The newest documents, newest first.</param>
    /// <param name="options">The size, the share and the explicit caps.</param>
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
        var chosen = new List<string>(options.Size);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var perTenant = new Dictionary<string, int>(StringComparer.Ordinal);

        bool TryAdd(HotSetCandidate candidate, Func<string, int> limitOf)
        {
            if (chosen.Count == options.Size || seen.Contains(candidate.Id))
            {
                return false;
            }

            if (candidate.Tenant is { } tenant)
            {
                var taken = perTenant.GetValueOrDefault(tenant);
                if (taken >= limitOf(tenant))
                {
                    return false;
                }

                perTenant[tenant] = taken + 1;
            }

            seen.Add(candidate.Id);
            chosen.Add(candidate.Id);
            return true;
        }

        int ExplicitCapOf(string tenant) => options.TenantSizes.TryGetValue(tenant, out var cap) ? cap : int.MaxValue;

        foreach (var candidate in ByAsks(tenantsMostAsked.Concat(mostAsked.Where(candidate => candidate.Tenant is null))))
        {
            TryAdd(candidate, options.FairShareOf);
        }

        foreach (var candidate in ByAsks(mostAsked))
        {
            TryAdd(candidate, ExplicitCapOf);
        }

        var fromAsks = chosen.Count;
        foreach (var candidate in newest)
        {
            TryAdd(candidate, ExplicitCapOf);
        }

        return new HotSetPlan(chosen, fromAsks);
    }

    private static IEnumerable<HotSetCandidate> ByAsks(IEnumerable<HotSetCandidate> candidates) =>
        candidates.OrderByDescending(candidate => candidate.Asks).ThenBy(candidate => candidate.Id, StringComparer.Ordinal);
}
