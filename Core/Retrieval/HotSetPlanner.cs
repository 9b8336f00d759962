namespace RedisAspire.Core.Retrieval;

/// <summary>Chooses the hot set: the most-asked documents, within each tenant's cap, then the newest to fill it.</summary>
internal static class HotSetPlanner
{
    /// <summary>
    /// Walks <paramref name="mostAsked"/> (most asked first), leaving out a document once its tenant has reached its
    /// cap in <see cref="HotSetOptions.TenantSizes"/>, until <see cref="HotSetOptions.Size"/> are chosen; then fills the
    /// rest from <paramref name="newest"/> (newest first) under the same caps. A document's tenant is known from
    /// <paramref name="tenantOf"/>; one of no known tenant has no cap.
    /// </summary>
    public static HotSetPlan Choose(
        IReadOnlyList<string> mostAsked,
        IReadOnlyList<(string Id, string Tenant)> newest,
        IReadOnlyDictionary<string, string> tenantOf,
        HotSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(mostAsked);
        ArgumentNullException.ThrowIfNull(newest);
        ArgumentNullException.ThrowIfNull(tenantOf);
        ArgumentNullException.ThrowIfNull(options);
        var chosen = new List<string>(options.Size);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var perTenant = new Dictionary<string, int>(StringComparer.Ordinal);

        bool TryAdd(string id, string? tenant)
        {
            if (chosen.Count == options.Size || seen.Contains(id))
            {
                return false;
            }

            if (tenant is not null && options.TenantSizes.TryGetValue(tenant, out var cap))
            {
                var taken = perTenant.GetValueOrDefault(tenant);
                if (taken >= cap)
                {
                    return false;
                }

                perTenant[tenant] = taken + 1;
            }

            seen.Add(id);
            chosen.Add(id);
            return true;
        }

        foreach (var id in mostAsked)
        {
            TryAdd(id, tenantOf.GetValueOrDefault(id));
        }

        var fromAsks = chosen.Count;
        foreach (var (id, tenant) in newest)
        {
            TryAdd(id, tenant);
        }

        return new HotSetPlan(chosen, fromAsks);
    }
}
