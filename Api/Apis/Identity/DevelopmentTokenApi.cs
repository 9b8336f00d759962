using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RedisAspire.Api.Identity;
using RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Ingestion;
using RedisAspire.ServiceDefaults.Identity;

namespace RedisAspire.Api.Apis.Identity;

/// <summary>
/// <c>POST /dev/token</c>: tokens of the development issuer for curl and the Api.http file. It exists only in
/// Development with a development signing key, where anyone who can reach the Api may already read its settings.
/// </summary>
public static class DevelopmentTokenApi
{
    private const int DefaultHours = 8;
    private const int MaxHours = 24;
    private const int MaxSubjectLength = 64;
    private const int MaxTenants = 32;

    public static IEndpointRouteBuilder MapDevelopmentTokenApi(this IEndpointRouteBuilder app, IHostEnvironment environment, CallerIdentityOptions identity)
    {
        if (environment.IsDevelopment() && !string.IsNullOrWhiteSpace(identity.DevelopmentSigningKey))
        {
            app.MapPost("/dev/token", Issue).WithName("IssueDevelopmentToken").WithTags("Identity")
                .WithSummary("Development only: a token for the given tenants, with the admin role when asked")
                .ProducesValidationProblem()
                .AllowAnonymous();
        }

        return app;
    }

    public static Results<Ok<DevelopmentTokenResponse>, ValidationProblem> Issue(
        DevelopmentTokenRequest request, IOptions<CallerIdentityOptions> identity, TimeProvider time)
    {
        var errors = new RequestErrors();
        var tenants = request.Tenants ?? [];
        errors.Require(tenants.Count > 0 || request.Admin, "tenants", "Name at least one tenant, or ask for the admin role.");
        errors.Require(tenants.Count <= MaxTenants, "tenants", $"At most {MaxTenants} tenants are accepted.");
        for (var i = 0; i < tenants.Count; i++)
        {
            if (SourceDocument.CheckTenant(tenants[i]) is { } invalid)
            {
                errors.Add($"tenants[{i}]", invalid.Message);
            }
        }

        var subject = request.Subject ?? "developer";
        errors.Require(!string.IsNullOrWhiteSpace(subject) && subject.Length <= MaxSubjectLength, "subject", $"subject must be 1 to {MaxSubjectLength} characters and not blank.");
        var hours = request.Hours ?? DefaultHours;
        errors.Require(hours is >= 1 and <= MaxHours, "hours", $"hours must be 1 to {MaxHours}.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        var lifetime = TimeSpan.FromHours(hours);
        var issuer = new DevelopmentIssuer(identity.Value.DevelopmentSigningKey!);
        var token = issuer.Issue(subject, tenants, request.Admin ? [identity.Value.AdminRole] : [], lifetime, now);
        return TypedResults.Ok(new DevelopmentTokenResponse(token, now.Add(lifetime)));
    }
}
