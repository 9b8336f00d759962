using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using RedisAspire.ServiceDefaults.Identity;

namespace RedisAspire.Api.Identity;

/// <summary>
/// Every endpoint needs a caller with a bearer token (health and liveness excepted), tokens from the configured
/// authority or, in Development, from the AppHost's development issuer; the admin policy needs the admin role.
/// </summary>
internal static class CallerIdentityExtensions
{
    public static IHostApplicationBuilder AddCallerIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CallerIdentityOptions>().BindConfiguration(CallerIdentityOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CallerIdentityOptions>, CallerIdentityOptionsValidator>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<CallerIdentityOptions>>((jwt, identity) => Configure(jwt, identity.Value));

        builder.Services.AddAuthorization();
        builder.Services.AddOptions<AuthorizationOptions>().Configure<IOptions<CallerIdentityOptions>>((authorization, identity) =>
        {
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            authorization.AddPolicy(CallerPolicies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(identity.Value.AdminRole));
        });
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenProblemWriter>();
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, CallerIdentityOptions identity)
    {
        // Claims keep the names the token gives them ("tenant", "roles", "sub"), whatever the issuer.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters.NameClaimType = "sub";
        jwt.TokenValidationParameters.RoleClaimType = identity.RoleClaim;
        if (!string.IsNullOrWhiteSpace(identity.DevelopmentSigningKey))
        {
            jwt.TokenValidationParameters.ValidIssuer = DevelopmentIssuer.Issuer;
            jwt.TokenValidationParameters.ValidAudience = DevelopmentIssuer.Audience;
            jwt.TokenValidationParameters.IssuerSigningKey = new DevelopmentIssuer(identity.DevelopmentSigningKey).SigningKey;
        }
        else
        {
            jwt.Authority = identity.Authority;
            jwt.Audience = identity.Audience;
        }

        jwt.Events = new JwtBearerEvents { OnChallenge = ChallengeProblemWriter.WriteAsync };
    }
}
