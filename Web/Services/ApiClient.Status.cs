using RedisAspire.Contracts;
namespace RedisAspire.Web.Services;

public sealed partial class ApiClient
{
    /// <summary>The servers in use, their versions, and the start-up self-check of each connection.</summary>
    public Task<StatusResponse> GetStatusAsync(CancellationToken cancellationToken) =>
        GetAsync<StatusResponse>("/status", cancellationToken);
}
