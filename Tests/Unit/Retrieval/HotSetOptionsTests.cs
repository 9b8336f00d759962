using System.ComponentModel.DataAnnotations;
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

    private static List<ValidationResult> Validate(HotSetOptions options)
    {
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        return errors;
    }
}
