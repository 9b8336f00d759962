using Azure.Core;
using RedisAspire.ServiceDefaults.Identity;

namespace RedisAspire.Web.Identity;

/// <summary>
/// The dashboard's tokens in Development: signed with the AppHost's development key, as subject <c>web</c> with the
/// admin role the Api expects (the dashboard is the operator's console: it starts rebuilds and other operations on every
/// tenant) and no tenant of its own.
/// </summary>
internal sealed class DevelopmentCredential(DevelopmentIssuer issuer, string adminRole, TimeProvider time) : TokenCredential
{
    public const string Subject = "web";

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return new AccessToken(issuer.Issue(Subject, [], [adminRole], Lifetime, now), now.Add(Lifetime));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
