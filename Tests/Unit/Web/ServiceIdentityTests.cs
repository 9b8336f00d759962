extern alias Web;

using System.IdentityModel.Tokens.Jwt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RedisAspire.ServiceDefaults.Identity;
using Web::RedisAspire.Web.Identity;

namespace RedisAspire.Tests.Unit.Web;

/// <summary>
/// Which identity the dashboard calls the Api with: development tokens only in Development, Microsoft Entra ID where a
/// scope is set, and no start at all without either.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ServiceIdentityTests
{
    [Fact]
    public async Task InDevelopmentItSignsItsOwnAdminTokensWithTheAppHostsKeyAndTheRoleTheApiExpects()
    {
        var key = DevelopmentIssuer.NewKey();
        using var host = Build(Environments.Development, (DevelopmentIssuer.SigningKeySetting, key), (CallerClaims.AdminRoleSetting, "Operators"));

        var token = new JwtSecurityTokenHandler().ReadJwtToken(await host.Services.GetRequiredService<ServiceToken>().GetAsync(CancellationToken.None));

        Assert.Equal(DevelopmentCredential.Subject, token.Subject);
        Assert.Equal(["Operators"], token.Claims.Where(claim => claim.Type == CallerClaims.Role).Select(claim => claim.Value));
        Assert.DoesNotContain(token.Claims, claim => claim.Type == CallerClaims.Tenant);
    }

    [Fact]
    public async Task WithoutARenamedRoleItsTokensCarryTheDefaultAdminRole()
    {
        using var host = Build(Environments.Development, (DevelopmentIssuer.SigningKeySetting, DevelopmentIssuer.NewKey()));

        var token = new JwtSecurityTokenHandler().ReadJwtToken(await host.Services.GetRequiredService<ServiceToken>().GetAsync(CancellationToken.None));

        Assert.Contains(token.Claims, claim => claim.Type == CallerClaims.Role && claim.Value == CallerClaims.AdminRole);
    }

    [Fact]
    public void ADevelopmentKeyOutsideDevelopmentStopsTheStartSayingWhatToSetInstead()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(Environments.Production, (DevelopmentIssuer.SigningKeySetting, DevelopmentIssuer.NewKey())));

        Assert.Contains("Development only", error.Message, StringComparison.Ordinal);
        Assert.Contains(ServiceIdentityExtensions.ScopeSetting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoIdentityAtAllStopsTheStartSayingBothWays()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(Environments.Production));

        Assert.Contains(ServiceIdentityExtensions.ScopeSetting, error.Message, StringComparison.Ordinal);
        Assert.Contains(DevelopmentIssuer.SigningKeySetting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithAScopeItStartsWithoutAskingEntraIdUntilTheFirstCall()
    {
        using var host = Build(Environments.Production, (ServiceIdentityExtensions.ScopeSetting, "api://redisaspire/.default"));

        Assert.NotNull(host.Services.GetRequiredService<ServiceToken>());
    }

    private static IHost Build(string environment, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)));
        builder.AddServiceIdentity();
        return builder.Build();
    }
}
