namespace RedisAspire.Contracts;

/// <summary>What the hot tier holds and how it is refreshed (<c>GET /hotset</c>).</summary>
/// <param name="Index">The hot tier's index.</param>
/// <param name="Engine">Its engine.</param>
/// <param name="Documents">How many documents it holds now.</param>
/// <param name="Size">How many a refresh loads (<c>HotSet:Size</c>).</param>
/// <param name="TenantSizes">Per-tenant caps within it (<c>HotSet:TenantSizes</c>).</param>
/// <param name="TenantShare">
/// The share of it one tenant's asked documents may take while other tenants' asked documents compete for room
/// (<c>HotSet:TenantShare</c>); a tenant in <paramref name="TenantSizes"/> has its cap instead.
/// </param>
/// <param name="Refresh">The running or last refresh; null when there has been none.</param>
/// <param name="MostAsked">The most-asked documents, most asked first.</param>
/// <param name="Policy">How a refresh chooses the documents (<c>HotSet:Policy</c>): MostAsked, Newest or Mixed.</param>
/// <param name="NewestShare">
/// With the Mixed policy, the share of the hot set that goes to the newest documents (<c>HotSet:NewestShare</c>).
/// </param>
public sealed record HotSetResponse(
    string Index,
    string Engine,
    long Documents,
    int Size,
    IReadOnlyDictionary<string, int> TenantSizes,
    double TenantShare,
    HotSetRefresh? Refresh,
    IReadOnlyList<AskedDocument> MostAsked,
    string Policy = "MostAsked",
    double NewestShare = 0.5);

/// <summary>A hot-set refresh's progress or outcome, as every replica sees it.</summary>
/// <param name="State">Running, completed or failed.</param>
/// <param name="Planned">How many documents the refresh chose; null until it has chosen.</param>
/// <param name="FromAsks">How many of them were chosen by their ask counts (the rest are the newest documents).</param>
/// <param name="Loaded">How many have been loaded into the new hot index so far.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it completed or failed; null while running.</param>
/// <param name="Error">Why it failed; null otherwise.</param>
public sealed record HotSetRefresh(
    RebuildState State, int? Planned, int? FromAsks, long Loaded, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);

/// <summary>A document and how often it was asked for.</summary>
/// <param name="Id">The document's id.</param>
/// <param name="Asks">How many answers it has been part of.</param>
public sealed record AskedDocument(string Id, long Asks);
