using System.Globalization;
using System.Net;
using RedisAspire.Contracts;

namespace RedisAspire.Web.Services;

public sealed partial class ApiClient
{
    /// <summary>A document as PostgreSQL holds it; null when it holds none of it (a write still queued is not there yet).</summary>
    public Task<DocumentResponse?> GetDocumentAsync(string id, CancellationToken cancellationToken) =>
        GetOrNullAsync<DocumentResponse>($"/documents/{Uri.EscapeDataString(id)}", cancellationToken);

    /// <summary>A page of a document's chunks, in order, each saying whether the hot tier holds it; null when there is no such document.</summary>
    public Task<DocumentChunksResponse?> GetDocumentChunksAsync(string id, int offset, int limit, CancellationToken cancellationToken) =>
        GetOrNullAsync<DocumentChunksResponse>(
            string.Create(CultureInfo.InvariantCulture, $"/documents/{Uri.EscapeDataString(id)}/chunks?offset={offset}&limit={limit}"), cancellationToken);

    /// <summary>Queues a document to add or replace; the answer names the operation that follows it.</summary>
    public Task<OperationAccepted> PutDocumentAsync(string id, DocumentRequest document, CancellationToken cancellationToken) =>
        SendJsonAsync<DocumentRequest, OperationAccepted>(HttpMethod.Put, $"/documents/{Uri.EscapeDataString(id)}", document, cancellationToken);

    /// <summary>Queues a document's removal from both tiers; the answer names the operation that follows it.</summary>
    public Task<OperationAccepted> DeleteDocumentAsync(string id, string tenant, CancellationToken cancellationToken) =>
        SendForAsync<OperationAccepted>(
            HttpMethod.Delete, $"/documents/{Uri.EscapeDataString(id)}?tenant={WebUtility.UrlEncode(tenant)}", cancellationToken);
}
