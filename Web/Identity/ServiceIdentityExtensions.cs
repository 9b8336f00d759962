using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RedisAspire.ServiceDefaults.Identity;

namespace RedisAspire.Web.Identity;

/// <summary>
/// The dashboard's identity towards the Api: in Development, tokens it signs itself with the AppHost's development key;
/// elsewhere, tokens for <c>Identity:Api:Scope</c> from Microsoft Entra ID (its managed identity, through
/// <see cref="DefaultAzureCredential"/>). Without either it does not start, rather than show every page failing.
/// </summary>
internal static class ServiceIdentityExtensions
{
    /// <summary>The Api's scope in Microsoft Entra ID, e.g. <c>api://APP-ID/.default</c>.</summary>
    public const string ScopeSetting = "Identity:Api:Scope";

    public static IHostApplicationBuilder AddServiceIdentity(this IHostApplicationBuilder builder)
    {
        var (credential, scope) = Choose(builder.Configuration, builder.Environment);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services =>
        {
            var time = services.GetRequiredService<TimeProvider>();
            return new ServiceToken(credential(time), new TokenRequestContext(scope is null ? [] : [scope]), time);
        });
        builder.Services.AddTransient<ServiceIdentityHandler>();
        return builder;
    }

    private static (Func<TimeProvider, TokenCredential> Credential, string? Scope) Choose(IConfiguration configuration, IHostEnvironment environment)
    {
        var signingKey = configuration[DevelopmentIssuer.SigningKeySetting];
        var scope = configuration[ScopeSetting];
        if (!string.IsNullOrWhiteSpace(signingKey))
        {
            // As the Api does: a development key that leaked into other settings must not become a way in.
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"{DevelopmentIssuer.SigningKeySetting} is set, but development tokens are for Development only (the environment is " +
                    $"{environment.EnvironmentName}): remove it and set {ScopeSetting} to the Api's scope in Microsoft Entra ID.");
            }

            var issuer = new DevelopmentIssuer(signingKey);
            var adminRole = configuration[CallerClaims.AdminRoleSetting] is { Length: > 0 } renamed ? renamed : CallerClaims.AdminRole;
            return (time => new DevelopmentCredential(issuer, adminRole, time), null);
        }

        if (!string.IsNullOrWhiteSpace(scope))
        {
            return (_ => new DefaultAzureCredential(), scope);
        }

        throw new InvalidOperationException(
            $"The dashboard has no identity to call the Api with: set {ScopeSetting} to the Api's scope in Microsoft Entra ID " +
            $"(e.g. api://APP-ID/.default), or, in Development, run it through the AppHost, which sets {DevelopmentIssuer.SigningKeySetting}.");
    }
}
