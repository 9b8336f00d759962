using RedisAspire.Contracts;
namespace RedisAspire.Web.Services;

public sealed partial class ApiClient
{
    /// <summary>The live embedding version, the one being built with its progress, and the earlier ones.</summary>
    public Task<ReembedResponse> GetReembedAsync(CancellationToken cancellationToken) =>
        GetAsync<ReembedResponse>("/reembed", cancellationToken);

    /// <summary>Asks the Worker to embed every document again into a new version; answers with the versions.</summary>
    public Task<ReembedResponse> StartReembedAsync(ReembedRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync<ReembedRequest, ReembedResponse>(HttpMethod.Post, "/reembed", request, cancellationToken);
}
