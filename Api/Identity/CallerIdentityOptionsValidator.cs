using Microsoft.Extensions.Options;
using RedisAspire.ServiceDefaults.Identity;

namespace RedisAspire.Api.Identity;

/// <summary>
/// Refuses to start without a token issuer, and with the development issuer anywhere but in Development: a signing key
/// that leaked into production settings must not become a way in.
/// </summary>
internal sealed class CallerIdentityOptionsValidator(IHostEnvironment environment) : IValidateOptions<CallerIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, CallerIdentityOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TenantClaim) || string.IsNullOrWhiteSpace(options.RoleClaim) || string.IsNullOrWhiteSpace(options.AdminRole))
        {
            return ValidateOptionsResult.Fail("Identity:TenantClaim, Identity:RoleClaim and Identity:AdminRole must not be blank.");
        }

        if (!string.IsNullOrWhiteSpace(options.DevelopmentSigningKey))
        {
            if (!environment.IsDevelopment())
            {
                return ValidateOptionsResult.Fail(
                    $"{DevelopmentIssuer.SigningKeySetting} is set, but development tokens are refused outside Development " +
                    $"(the environment is {environment.EnvironmentName}): set Identity:Authority and Identity:Audience instead.");
            }

            try
            {
                _ = new DevelopmentIssuer(options.DevelopmentSigningKey);
            }
            catch (InvalidOperationException exception)
            {
                return ValidateOptionsResult.Fail(exception.Message);
            }

            return ValidateOptionsResult.Success;
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            missing.Add("Identity:Authority");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            missing.Add("Identity:Audience");
        }

        if (missing.Count > 0)
        {
            return ValidateOptionsResult.Fail(
                $"No token issuer is configured: set {string.Join(" and ", missing)} (Microsoft Entra ID), " +
                $"or, in Development, run through the AppHost, which sets {DevelopmentIssuer.SigningKeySetting}.");
        }

        return ValidateOptionsResult.Success;
    }
}
