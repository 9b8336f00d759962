namespace RedisAspire.Api.Limits;

/// <summary>Marks an endpoint whose body holds documents: it may be as large as <see cref="RequestBodyOptions.MaxDocumentBytes"/>.</summary>
internal sealed class DocumentBodies
{
    public static readonly DocumentBodies Instance = new();

    private DocumentBodies()
    {
    }
}

/// <summary>Marks the endpoints that take documents.</summary>
internal static class DocumentBodiesExtensions
{
    /// <summary>Lets the endpoint's body be as large as <see cref="RequestBodyOptions.MaxDocumentBytes"/>.</summary>
    public static RouteHandlerBuilder AcceptsDocuments(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(DocumentBodies.Instance);
}
