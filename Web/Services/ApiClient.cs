using System.Net.Http.Json;
using RedisAspire.Contracts;

namespace RedisAspire.Web.Services;

/// <summary>The dashboard's only way to the data: the Api, over HTTP, in the Api's own contract types.</summary>
public sealed class ApiClient(HttpClient http)
{
    public async Task<StatusResponse> GetStatusAsync(CancellationToken cancellationToken)
    {
        var status = await http.GetFromJsonAsync<StatusResponse>("/status", cancellationToken);
        return status ?? throw new InvalidOperationException("The Api answered /status with an empty body.");
    }
}
