using RedisAspire.Contracts;

namespace RedisAspire.Web.Services;

public sealed partial class ApiClient
{
    /// <summary>Answers a question from the documents of a tenant, through the answer caches.</summary>
    public Task<AskResponse> AskAsync(AskRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync<AskRequest, AskResponse>(HttpMethod.Post, "/ask", request, cancellationToken);

    /// <summary>The answer cache's settings, the answers Redis holds, and the answering replica's outcomes and generator calls.</summary>
    public Task<AnswerCacheResponse> GetAnswerCacheAsync(CancellationToken cancellationToken) =>
        GetAsync<AnswerCacheResponse>("/ask/cache", cancellationToken);
}
