namespace RedisAspire.Api.Limits;

/// <summary>
/// How large a request body may be (section <c>RequestBodies</c>): larger than any valid request needs, small enough
/// that no caller can make the Api hold megabytes it will refuse anyway.
/// </summary>
public sealed class RequestBodyOptions
{
    public const string SectionName = "RequestBodies";

    /// <summary>The largest body of an endpoint that takes no documents: a search, an embedding, an operation's settings.</summary>
    public long MaxBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The largest body of an endpoint that takes documents (<c>PUT /documents/{id}</c>, <c>POST /ingest/documents</c>, <c>POST /ingest/files</c>):
    /// room for a document body of the most characters accepted, however they are encoded.
    /// </summary>
    public long MaxDocumentBytes { get; set; } = 8 * 1024 * 1024;
}
