using System.Globalization;
using System.Net.Http.Headers;
using RedisAspire.Contracts;

namespace RedisAspire.Web.Services;

public sealed partial class ApiClient
{
    /// <summary>The ingestion queue's depth, lag and dead letters, and what the Workers have done.</summary>
    public Task<IngestionResponse> GetIngestionAsync(CancellationToken cancellationToken) =>
        GetAsync<IngestionResponse>("/ingestion", cancellationToken);

    /// <summary>The newest operations, newest first (every tenant's: the dashboard calls as an admin).</summary>
    public Task<OperationResponse[]> GetRecentOperationsAsync(int count, CancellationToken cancellationToken) =>
        GetAsync<OperationResponse[]>(string.Create(CultureInfo.InvariantCulture, $"/operations?count={count}"), cancellationToken);

    /// <summary>An operation's state and counts; null when the Api keeps no such operation (never queued, or finished too long ago).</summary>
    public Task<OperationResponse?> GetOperationAsync(string id, CancellationToken cancellationToken) =>
        GetOrNullAsync<OperationResponse>($"/operations/{Uri.EscapeDataString(id)}", cancellationToken);

    /// <summary>
    /// Uploads files (multipart/form-data, each under <c>files</c>) as one operation for <paramref name="tenant"/>; a refused
    /// file is an <see cref="ApiProblemException"/> naming it (<c>menu.jsonl:3</c>).
    /// </summary>
    public async Task<OperationAccepted> UploadFilesAsync(
        IReadOnlyList<(string Name, byte[] Content)> files, string tenant, string? language, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(tenant), "tenant");
        if (language is not null)
        {
            form.Add(new StringContent(language), "language");
        }

        foreach (var (name, content) in files)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "files", name);
        }

        var call = new Call(HttpMethod.Post, "/ingest/files");
        return await ReadAsync<OperationAccepted>(call, await SendAsync(call, form, cancellationToken), cancellationToken);
    }

    /// <summary>Queues the documents of a folder under the Api's import root, in batches of one operation each.</summary>
    public Task<FolderImportResponse> ImportFolderAsync(FolderImportRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync<FolderImportRequest, FolderImportResponse>(HttpMethod.Post, "/ingest/folder", request, cancellationToken);

    /// <summary>The oldest <paramref name="count"/> dead letters, with their errors.</summary>
    public Task<DeadLetter[]> GetDeadLettersAsync(int count, CancellationToken cancellationToken) =>
        GetAsync<DeadLetter[]>(string.Create(CultureInfo.InvariantCulture, $"/ingestion/dead-letters?count={count}"), cancellationToken);

    /// <summary>Puts one dead letter back on the queue.</summary>
    public Task<RedriveResponse> RedriveDeadLetterAsync(string id, CancellationToken cancellationToken) =>
        SendForAsync<RedriveResponse>(HttpMethod.Post, $"/ingestion/dead-letters/{Uri.EscapeDataString(id)}/redrive", cancellationToken);

    /// <summary>Puts every dead letter back on the queue.</summary>
    public Task<RedriveResponse> RedriveAllDeadLettersAsync(CancellationToken cancellationToken) =>
        SendForAsync<RedriveResponse>(HttpMethod.Post, "/ingestion/dead-letters/redrive", cancellationToken);
}
