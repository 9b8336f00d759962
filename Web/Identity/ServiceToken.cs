using Azure.Core;

namespace RedisAspire.Web.Identity;

/// <summary>
/// The dashboard's current token for the Api, shared by all its requests: fetched once and again only when it has
/// less than five minutes left, so neither signing nor Microsoft Entra ID is asked per request.
/// </summary>
internal sealed class ServiceToken(TokenCredential credential, TokenRequestContext request, TimeProvider time)
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim renewing = new(1, 1);
    private volatile Held? current;

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(current) is { } token)
        {
            return token;
        }

        // One renewal at a time: requests arriving meanwhile wait for it rather than each fetching a token.
        await renewing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(current) is { } renewed)
            {
                return renewed;
            }

            var fetched = await credential.GetTokenAsync(request, cancellationToken).ConfigureAwait(false);
            current = new Held(fetched.Token, fetched.ExpiresOn - RenewBefore);
            return fetched.Token;
        }
        finally
        {
            renewing.Release();
        }
    }

    private string? Fresh(Held? held) => held is not null && time.GetUtcNow() < held.RenewAt ? held.Token : null;

    private sealed record Held(string Token, DateTimeOffset RenewAt);
}
