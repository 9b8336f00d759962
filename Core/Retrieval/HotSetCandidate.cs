namespace RedisAspire.Core.Retrieval;

/// <summary>A document PostgreSQL still holds that a refresh may load into the hot tier.</summary>
/// <param name="Id">The document's id.</param>
/// <param name="Tenant">Its tenant, as PostgreSQL has it; null when it has none.</param>
/// <param name="Asks">How often it was asked for, in the count it was ranked by; zero for a document chosen for being new.</param>
/// <param name="UpdatedAt">When it was last updated, for a document chosen for being new; unset for an asked one.</param>
internal sealed record HotSetCandidate(string Id, string? Tenant, double Asks = 0, DateTimeOffset UpdatedAt = default);
