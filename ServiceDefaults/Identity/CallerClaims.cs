namespace RedisAspire.ServiceDefaults.Identity;

/// <summary>The claims a caller's token carries, by default (the Api's <c>Identity</c> settings may rename them).</summary>
public static class CallerClaims
{
    /// <summary>One claim per tenant whose data the caller may use (a JSON array in the token).</summary>
    public const string Tenant = "tenant";

    /// <summary>The caller's roles (Entra ID puts app roles here).</summary>
    public const string Role = "roles";

    /// <summary>The role that may run operations affecting every tenant.</summary>
    public const string AdminRole = "RedisAspire.Admin";

    /// <summary>The setting that renames <see cref="AdminRole"/>, read by the Api and by the dashboard's development tokens alike.</summary>
    public const string AdminRoleSetting = "Identity:AdminRole";
}
