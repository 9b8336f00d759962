namespace RedisAspire.Api.Identity;

/// <summary>The Api's authorization policies beyond "an authenticated caller", which every endpoint needs.</summary>
public static class CallerPolicies
{
    /// <summary>Operations that affect every tenant, and views of every tenant: the admin role only.</summary>
    public const string Admin = "admin";
}
