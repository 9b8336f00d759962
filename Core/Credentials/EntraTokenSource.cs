using Azure.Core;
using Azure.Identity;

namespace RedisAspire.Core.Credentials;

/// <summary>Entra ID access tokens from an Azure <see cref="TokenCredential"/>; the user is the token's object id.</summary>
public sealed class EntraTokenSource(TokenCredential credential) : IServerCredentialSource
{
    /// <summary>A managed identity's tokens when <see cref="EntraOptions.ClientId"/> is set, else <c>DefaultAzureCredential</c>'s.</summary>
    public static EntraTokenSource For(EntraOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        TokenCredential credential = string.IsNullOrWhiteSpace(options.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
        return new EntraTokenSource(credential);
    }

    public async ValueTask<ServerCredential> GetAsync(string scope, CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken).ConfigureAwait(false);
        return new ServerCredential(TokenObjectId.Read(token.Token), token.Token, token.ExpiresOn);
    }
}
