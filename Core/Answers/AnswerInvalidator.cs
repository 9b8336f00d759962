using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Answers;

/// <summary>
/// Drops cached answers on every replica (Redis, and each replica's in-process copy): those written from a document
/// that changed, or all of a tenant's. The ingestion pipeline calls it after each commit.
/// </summary>
/// <param name="cache">The result cache the answers are in.</param>
public sealed class AnswerInvalidator(IResultCache cache)
{
    /// <summary>Drops <paramref name="tenant"/>'s answers written from any of <paramref name="documentIds"/>; how many Redis held.</summary>
    public async Task<long> DropDocumentsAsync(string tenant, IEnumerable<string> documentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        var dropped = 0L;
        foreach (var documentId in documentIds.Distinct(StringComparer.Ordinal))
        {
            dropped += await cache.InvalidateTagAsync(AnswerKeys.DocumentTag(tenant, documentId), cancellationToken).ConfigureAwait(false);
        }

        return dropped;
    }

    /// <summary>Drops every cached answer of <paramref name="tenant"/>; how many Redis held.</summary>
    public async Task<long> DropTenantAsync(string tenant, CancellationToken cancellationToken) =>
        await cache.InvalidateTagAsync(AnswerKeys.TenantTag(tenant), cancellationToken).ConfigureAwait(false);
}
