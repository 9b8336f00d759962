namespace RedisAspire.Core.Credentials;

/// <summary>A user name and a secret that a server accepts until <see cref="ExpiresOn"/>: an Entra ID token, or a password in tests.</summary>
/// <param name="User">The user to authenticate as (for an Entra ID token, the principal's object id).</param>
/// <param name="Secret">The token or password; never logged.</param>
/// <param name="ExpiresOn">When the server stops accepting <see cref="Secret"/>.</param>
public sealed record ServerCredential(string User, string Secret, DateTimeOffset ExpiresOn)
{
    /// <summary>The user and expiry only, so that logging a credential cannot leak its secret.</summary>
    public override string ToString() => $"{User} (expires {ExpiresOn:O})";
}
