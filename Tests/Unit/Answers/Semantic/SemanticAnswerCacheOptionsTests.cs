using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Answers.Semantic;

namespace RedisAspire.Tests.Unit.Answers.Semantic;

[Trait("Category", "Unit")]
public sealed class SemanticAnswerCacheOptionsTests
{
    [Fact]
    public void WithoutSettingsEveryTenantGetsTheDefaults()
    {
        var options = Options(new Dictionary<string, string?>());

        Assert.Equal(
            new SemanticTenantPolicy(0.1, 10_000, SemanticExpiration.Fixed, TimeSpan.FromHours(1), TimeSpan.FromHours(1)),
            options.For("tidewater"));
        Assert.Equal((0.1, 32, 1), (options.AuditShare, options.AuditQueueCapacity, options.AuditConcurrency));
    }

    [Fact]
    public void ATenantsSettingsOverrideTheDefaultsForThatTenantOnly()
    {
        var options = Options(new Dictionary<string, string?>
        {
            ["Answers:Semantic:Threshold"] = "0.08",
            ["Answers:Semantic:Tenants:tidewater:Threshold"] = "0.2",
            ["Answers:Semantic:Tenants:tidewater:MaxEntries"] = "50",
            ["Answers:Semantic:Tenants:tidewater:Expiration"] = "Sliding",
            ["Answers:Semantic:Tenants:tidewater:TimeToLive"] = "00:10:00",
            ["Answers:Semantic:Tenants:tidewater:MaxLifetime"] = "02:00:00",
        });

        Assert.Equal(
            new SemanticTenantPolicy(0.2, 50, SemanticExpiration.Sliding, TimeSpan.FromMinutes(10), TimeSpan.FromHours(2)),
            options.For("tidewater"));
        Assert.Equal(0.08, options.For("beancraft").Threshold);
    }

    [Theory]
    [InlineData("Answers:Semantic:Threshold", "1.5", "Answers:Semantic:Threshold")]
    [InlineData("Answers:Semantic:MaxEntries", "0", "Answers:Semantic:MaxEntries")]
    [InlineData("Answers:Semantic:AuditShare", "-0.1", "Answers:Semantic:AuditShare")]
    [InlineData("Answers:Semantic:AuditQueueCapacity", "0", "Answers:Semantic:AuditQueueCapacity")]
    [InlineData("Answers:Semantic:TimeToLive", "00:00:00", "Answers:Semantic:TimeToLive")]
    [InlineData("Answers:Semantic:Tenants:tidewater:Threshold", "2", "Answers:Semantic:Tenants:tidewater:Threshold")]
    [InlineData("Answers:Semantic:Tenants:tidewater:MaxEntries", "-3", "Answers:Semantic:Tenants:tidewater:MaxEntries")]
    [InlineData("Answers:Semantic:Tenants:tidewater:TimeToLive", "-00:01:00", "Answers:Semantic:Tenants:tidewater:TimeToLive")]
    [InlineData("Answers:Semantic:Tenants:not a tenant:Threshold", "0.1", "Answers:Semantic:Tenants:not a tenant")]
    public void ASettingOutOfRangeStopsTheStartNamingIt(string setting, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASlidingWindowLongerThanItsMaxLifetimeIsRefused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new Dictionary<string, string?>
        {
            ["Answers:Semantic:Tenants:tidewater:Expiration"] = "Sliding",
            ["Answers:Semantic:Tenants:tidewater:TimeToLive"] = "2.00:00:00",
        }));

        Assert.Contains("Answers:Semantic:Tenants:tidewater", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxLifetime", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFixedEntryLivesItsTimeToLiveAndNoLonger()
    {
        var options = Options(new Dictionary<string, string?> { ["Answers:Semantic:TimeToLive"] = "00:05:00" });

        Assert.Equal(TimeSpan.FromMinutes(5), options.For("tidewater").MaxLifetime);
    }

    private static SemanticAnswerCacheOptions Options(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSemanticAnswerCache();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<SemanticAnswerCacheOptions>>().Value;
    }
}
