using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace RedisAspire.Api.Identity;

/// <summary>The 403 of an authenticated caller without a role an endpoint needs: a ProblemDetails naming the role.</summary>
internal sealed class ForbiddenProblemWriter(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await fallback.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }

        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(requirement => requirement.AllowedRoles).ToArray();
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "The caller lacks a role this operation needs",
                Detail = roles.Length > 0
                    ? $"This operation affects every tenant: it needs the role {string.Join(" or ", roles)}, which the caller's token does not carry."
                    : "The caller's token does not allow this operation.",
            },
        }).ConfigureAwait(false);
    }
}
