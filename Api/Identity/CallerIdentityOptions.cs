using RedisAspire.ServiceDefaults.Identity;

namespace RedisAspire.Api.Identity;

/// <summary>
/// Who may call the Api (section <c>Identity</c>): tokens from <see cref="Authority"/> (Microsoft Entra ID in Azure),
/// or, in Development only, tokens signed with <see cref="DevelopmentSigningKey"/>, which the AppHost makes at start.
/// </summary>
public sealed class CallerIdentityOptions
{
    public const string SectionName = "Identity";

    /// <summary>The token issuer's OpenID Connect authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must name: the Api's application id URI or client id in Entra ID.</summary>
    public string? Audience { get; set; }

    /// <summary>The base64 key development tokens are signed with; refused outside Development.</summary>
    public string? DevelopmentSigningKey { get; set; }

    /// <summary>The claim that names a tenant the caller may use (one claim per tenant).</summary>
    public string TenantClaim { get; set; } = CallerClaims.Tenant;

    /// <summary>The claim that holds the caller's roles.</summary>
    public string RoleClaim { get; set; } = CallerClaims.Role;

    /// <summary>The role that may run operations affecting every tenant and see every tenant's data.</summary>
    public string AdminRole { get; set; } = CallerClaims.AdminRole;
}
