using RedisAspire.Contracts;
namespace RedisAspire.Web.Services;

public sealed partial class ApiClient
{
    /// <summary>What the hot tier holds, its last refresh, and the most-asked documents.</summary>
    public Task<HotSetResponse> GetHotSetAsync(CancellationToken cancellationToken) =>
        GetAsync<HotSetResponse>("/hotset", cancellationToken);

    /// <summary>Starts loading the most-asked documents into a new hot index; answers with the refresh now running.</summary>
    public Task<HotSetRefresh> RefreshHotSetAsync(CancellationToken cancellationToken) =>
        SendForAsync<HotSetRefresh>(HttpMethod.Post, "/hotset/refresh", cancellationToken);

    /// <summary>The hot tier's index as its engine reports it, with the running or last rebuild.</summary>
    public Task<IndexResponse> GetIndexAsync(string name, CancellationToken cancellationToken) =>
        GetAsync<IndexResponse>($"/indexes/{Uri.EscapeDataString(name)}", cancellationToken);

    /// <summary>Starts rebuilding the index under the current settings; answers with the index and its rebuild now running.</summary>
    public Task<IndexResponse> RebuildIndexAsync(string name, CancellationToken cancellationToken) =>
        SendForAsync<IndexResponse>(HttpMethod.Post, $"/indexes/{Uri.EscapeDataString(name)}/rebuild", cancellationToken);
}
