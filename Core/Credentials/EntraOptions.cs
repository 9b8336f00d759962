namespace RedisAspire.Core.Credentials;

/// <summary>
/// Whether a server is reached with an Entra ID token instead of a password (sections <c>Redis:Entra</c> and
/// <c>Postgres:Entra</c>). Neither set: the connection string's password, if any, is used.
/// </summary>
public sealed class EntraOptions
{
    /// <summary>The client id of a user-assigned managed identity: tokens come from <c>ManagedIdentityCredential</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Tokens come from <c>DefaultAzureCredential</c> (a developer's Azure CLI login, or the platform's identity); ignored when <see cref="ClientId"/> is set.</summary>
    public bool Enabled { get; set; }

    /// <summary>Whether tokens are used at all.</summary>
    public bool IsConfigured => Enabled || !string.IsNullOrWhiteSpace(ClientId);
}
