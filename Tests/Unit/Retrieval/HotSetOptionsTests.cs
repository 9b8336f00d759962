using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class HotSetOptionsTests
{
    [Theory]
    [InlineData(2000, 0.5, 1000)]
    [InlineData(100, 0.29, 29)]
    [InlineData(3, 0.5, 1)]
    [InlineData(3, 0.1, 1)]
    [InlineData(7, 1.0, 7)]
    public void ATenantsShareIsRoundedDownButNeverBelowOne(int size, double share, int expected) =>
        Assert.Equal(expected, new HotSetOptions { Size = size, TenantShare = share }.FairShareOf("tidewater"));

    [Fact]
    public void AnExplicitSizeReplacesTheShareWithinTheHotSetsSize()
    {
        var options = new HotSetOptions { Size = 10, TenantShare = 0.5, TenantSizes = new Dictionary<string, int> { ["tidewater"] = 8, ["beancraft"] = 0, ["harbor"] = 50 } };

        Assert.Equal((8, 0, 10, 5), (options.FairShareOf("tidewater"), options.FairShareOf("beancraft"), options.FairShareOf("harbor"), options.FairShareOf("other")));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.01)]
    public void AShareOutsideZeroToOneIsRefusedWithItsName(double share)
    {
        var errors = Validate(new HotSetOptions { TenantShare = share });

        Assert.Contains(errors, error => error.ErrorMessage!.Contains("HotSet:TenantShare", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void AShareAboveZeroUpToOneIsAccepted(double share) => Assert.Empty(Validate(new HotSetOptions { TenantShare = share }));

    [Theory]
    [InlineData(null, HotSetPolicy.MostAsked)]
    [InlineData("MostAsked", HotSetPolicy.MostAsked)]
    [InlineData("newest", HotSetPolicy.Newest)]
    [InlineData(" Mixed ", HotSetPolicy.Mixed)]
    public void ThePolicyIsMostAskedUnlessSetAndItsNameIgnoresCase(string? setting, HotSetPolicy expected) =>
        Assert.Equal(expected, Bind(setting is null ? [] : new() { ["HotSet:Policy"] = setting }).ParsePolicy());

    [Theory]
    [InlineData("HotSet:Policy", "Recent")]
    [InlineData("HotSet:Policy", "1")]
    [InlineData("HotSet:Policy", "")]
    [InlineData("HotSet:NewestShare", "1.5")]
    [InlineData("HotSet:NewestShare", "-0.1")]
    [InlineData("HotSet:ColdStartInterval", "-00:00:01")]
    public void AnUnknownPolicyOrAShareOutsideZeroToOneStopsTheStartNamingTheSetting(string setting, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [setting] = value }));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MostAsked", 0.5, 0)]
    [InlineData("Newest", 0.5, 10)]
    [InlineData("Mixed", 0.0, 0)]
    [InlineData("Mixed", 0.29, 2)]
    [InlineData("Mixed", 1.0, 10)]
    public void TheNewestTakeAllOfTheHotSetNoneOrTheirShareRoundedDown(string policy, double share, int expected) =>
        Assert.Equal(expected, new HotSetOptions { Size = 10, Policy = policy, NewestShare = share }.NewestRoom);

    [Fact]
    public void UnderTheMixedPolicyATenantsShareIsOfTheRoomLeftForAskedDocuments() =>
        Assert.Equal(250, new HotSetOptions { Size = 1000, TenantShare = 0.5 }.FairShareOf("tidewater", 500));

    private static HotSetOptions Bind(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTwoTierRetrieval();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<HotSetOptions>>().Value;
    }

    private static List<ValidationResult> Validate(HotSetOptions options)
    {
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        return errors;
    }
}
