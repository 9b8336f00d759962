using System.Net.Http.Json;

namespace RedisAspire.Web.Services;

/// <summary>The dashboard's only way to the data: the Api, over HTTP.</summary>
public sealed class ApiClient(HttpClient http)
{
    public async Task<ServerStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var status = await http.GetFromJsonAsync<ServerStatus>("/status", cancellationToken);
        return status ?? throw new InvalidOperationException("The Api answered /status with an empty body.");
    }
}
