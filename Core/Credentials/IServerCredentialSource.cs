namespace RedisAspire.Core.Credentials;

/// <summary>Hands out credentials for a server; Entra ID in Azure (<see cref="EntraTokenSource"/>), rotating passwords in tests.</summary>
public interface IServerCredentialSource
{
    /// <summary>A credential for <paramref name="scope"/> (for Entra ID, the resource's <c>.default</c> scope).</summary>
    ValueTask<ServerCredential> GetAsync(string scope, CancellationToken cancellationToken);
}
