using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class HotSetPlannerTests
{
    private static readonly Dictionary<string, string> Tenants = new(StringComparer.Ordinal)
    {
        ["a1"] = "tidewater", ["a2"] = "tidewater", ["a3"] = "tidewater", ["b1"] = "beancraft", ["b2"] = "beancraft",
    };

    [Fact]
    public void TheMostAskedComeFirstUpToTheSize()
    {
        var plan = HotSetPlanner.Choose(["a1", "b1", "a2", "b2"], [], Tenants, new HotSetOptions { Size = 3 });

        Assert.Equal(["a1", "b1", "a2"], plan.Ids);
        Assert.Equal(3, plan.FromAsks);
    }

    [Fact]
    public void WithoutEnoughAsksTheNewestFillTheRestOnce()
    {
        var plan = HotSetPlanner.Choose(["b2"], [("a3", "tidewater"), ("b2", "beancraft"), ("a1", "tidewater")], Tenants, new HotSetOptions { Size = 3 });

        Assert.Equal(["b2", "a3", "a1"], plan.Ids);
        Assert.Equal(1, plan.FromAsks);
    }

    [Fact]
    public void AColdStartIsTheNewestDocuments()
    {
        var plan = HotSetPlanner.Choose([], [("a3", "tidewater"), ("a2", "tidewater")], Tenants, new HotSetOptions { Size = 5 });

        Assert.Equal(["a3", "a2"], plan.Ids);
        Assert.Equal(0, plan.FromAsks);
    }

    [Fact]
    public void ATenantsCapLeavesRoomForTheOthers()
    {
        var options = new HotSetOptions { Size = 3, TenantSizes = new Dictionary<string, int> { ["tidewater"] = 1 } };

        var plan = HotSetPlanner.Choose(["a1", "a2", "a3", "b1"], [("a2", "tidewater"), ("b2", "beancraft")], Tenants, options);

        Assert.Equal(["a1", "b1", "b2"], plan.Ids);
    }

    [Fact]
    public void ADocumentOfNoKnownTenantHasNoCap()
    {
        var options = new HotSetOptions { Size = 3, TenantSizes = new Dictionary<string, int> { ["tidewater"] = 0 } };

        var plan = HotSetPlanner.Choose(["x", "a1", "y"], [], Tenants, options);

        Assert.Equal(["x", "y"], plan.Ids);
    }
}
