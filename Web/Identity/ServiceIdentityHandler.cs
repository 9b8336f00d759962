using System.Net.Http.Headers;

namespace RedisAspire.Web.Identity;

/// <summary>Sends the dashboard's own bearer token with every request to the Api, which answers no anonymous caller.</summary>
internal sealed class ServiceIdentityHandler(ServiceToken token) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token.GetAsync(cancellationToken).ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
