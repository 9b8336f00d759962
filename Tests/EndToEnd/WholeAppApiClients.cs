using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>Clients of a whole app's Api that call with a token, got the way a developer gets one.</summary>
internal static class WholeAppApiClients
{
    /// <summary>
    /// A client of the app's Api calling with a token of <c>POST /dev/token</c> (the AppHost runs the Api in Development
    /// with its development issuer) for <paramref name="tenants"/>, with the admin role unless <paramref name="admin"/> is
    /// false: most tests also run operations.
    /// </summary>
    public static async Task<HttpClient> CreateApiClientAsync(this WholeAppFixture whole, IReadOnlyList<string> tenants, CancellationToken cancellationToken, bool admin = true)
    {
        var api = whole.App.CreateHttpClient("api");
        try
        {
            using var response = await api.PostAsJsonAsync("/dev/token", new { tenants, admin }, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /dev/token: {(int)response.StatusCode} {body}");
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonDocument.Parse(body).RootElement.GetProperty("token").GetString());
            return api;
        }
        catch
        {
            api.Dispose();
            throw;
        }
    }
}
