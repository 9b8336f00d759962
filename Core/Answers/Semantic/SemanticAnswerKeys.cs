using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Answers.Semantic;

/// <summary>
/// The Redis names of the semantic cache's entries and bookkeeping, built here and nowhere else. Every key of a tenant
/// shares the hash tag <c>{tenant:NAME}</c>, so one script can update them together on Redis Cluster; the tenant is
/// checked (<see cref="TenantKeys.Of"/>) before it becomes part of a name.
/// </summary>
/// <remarks>
/// <c>PREFIX:semantic:deadlines</c> (every entry by its deadline), and <c>PREFIX:semantic:{tenant:NAME}:</c> then <c>entries</c> (a sorted set of entry ids by the order they came in),
/// <c>expiry</c> (entry ids by when they expire, unix ms), <c>seq</c> (the order counter), <c>entry:ID</c> (a hash: the
/// entry's record) and <c>cites:DOC</c> (the ids of the entries whose answer cites document DOC).
/// </remarks>
public sealed class SemanticAnswerKeys(string prefix)
{
    /// <summary>The start of every key of <paramref name="tenant"/>: <c>PREFIX:semantic:{tenant:NAME}:</c>.</summary>
    public string Tenant(string tenant) => $"{prefix}:semantic:{{{TenantKeys.Of(tenant)[..^1]}}}:";

    /// <summary>
    /// Every entry id of every tenant, scored by its deadline (unix ms): the questions past it leave the index even when
    /// their tenant's bookkeeping has expired. Like the index itself, it has no TTL.
    /// </summary>
    public string Deadlines => $"{prefix}:semantic:deadlines";

    /// <summary>The tenant's entry ids scored by the order they came in (oldest lowest).</summary>
    public string Entries(string tenant) => Tenant(tenant) + "entries";

    /// <summary>The tenant's entry ids scored by when they expire (unix ms).</summary>
    public string Expiry(string tenant) => Tenant(tenant) + "expiry";

    /// <summary>The tenant's order counter.</summary>
    public string Sequence(string tenant) => Tenant(tenant) + "seq";

    /// <summary>An entry's record.</summary>
    public string Entry(string tenant, string entryId) => Tenant(tenant) + EntrySuffix + entryId;

    /// <summary>The ids of the tenant's entries whose answer cites <paramref name="documentId"/>.</summary>
    public string Cites(string tenant, string documentId) => Tenant(tenant) + CitesSuffix + documentId;

    /// <summary>What follows the tenant's start in a record's key; scripts build record keys with it.</summary>
    internal const string EntrySuffix = "entry:";

    /// <summary>What follows the tenant's start in a document's citing set; scripts build them with it.</summary>
    internal const string CitesSuffix = "cites:";
}
