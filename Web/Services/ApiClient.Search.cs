using RedisAspire.Contracts;

namespace RedisAspire.Web.Services;

public sealed partial class ApiClient
{
    /// <summary>Searches the tiers.</summary>
    public Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync<SearchRequest, SearchResponse>(HttpMethod.Post, "/search", request, cancellationToken);

    /// <summary>The answering replica's searches: answers by tier, fallbacks by reason, each tier's latency, cache outcomes.</summary>
    public Task<SearchStatisticsResponse> GetSearchStatisticsAsync(CancellationToken cancellationToken) =>
        GetAsync<SearchStatisticsResponse>("/search/stats", cancellationToken);
}
