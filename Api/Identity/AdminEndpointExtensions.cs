namespace RedisAspire.Api.Identity;

/// <summary>Marks endpoints that affect, or show, every tenant: the admin role only, and a described 403 for others.</summary>
internal static class AdminEndpointExtensions
{
    public static TBuilder ForAdmins<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(CallerPolicies.Admin).ProducesProblem(StatusCodes.Status403Forbidden);
}
