using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class HotSetPlannerTests
{
    [Fact]
    public void TheMostAskedComeFirstUpToTheSize()
    {
        IReadOnlyList<HotSetCandidate> asked = [Tide("a1", 4), Bean("b1", 3), Tide("a2", 2), Bean("b2", 1)];

        var plan = HotSetPlanner.Choose(asked, asked, [], new HotSetOptions { Size = 3 });

        Assert.Equal(["a1", "b1", "a2"], plan.Ids);
        Assert.Equal(3, plan.FromAsks);
    }

    [Fact]
    public void WithoutEnoughAsksTheNewestFillTheRestOnce()
    {
        var plan = HotSetPlanner.Choose([Bean("b2", 1)], [Bean("b2", 1)], [Tide("a3"), Bean("b2"), Tide("a1")], new HotSetOptions { Size = 3 });

        Assert.Equal(["b2", "a3", "a1"], plan.Ids);
        Assert.Equal(1, plan.FromAsks);
    }

    [Fact]
    public void AColdStartIsTheNewestDocuments()
    {
        var plan = HotSetPlanner.Choose([], [], [Tide("a3"), Tide("a2")], new HotSetOptions { Size = 5 });

        Assert.Equal(["a3", "a2"], plan.Ids);
        Assert.Equal(0, plan.FromAsks);
    }

    [Fact]
    public void AFloodingTenantTakesNoMoreThanItsShareWhileAnotherTenantHasAskedDocuments()
    {
        // Tidewater asked for twenty documents a thousand times each; the global list is all tidewater's.
        var flood = Flood(20);
        var options = new HotSetOptions { Size = 4, TenantShare = 0.5 };

        var plan = HotSetPlanner.Choose([.. flood, Bean("b1", 2), Bean("b2", 1)], flood[..8], [], options);

        Assert.Equal(["t00", "t01", "b1", "b2"], plan.Ids);
        Assert.Equal(4, plan.FromAsks);
    }

    [Fact]
    public void RoomNoOtherTenantAsksForGoesToTheFloodingTenant()
    {
        var flood = Flood(20);
        var options = new HotSetOptions { Size = 6, TenantShare = 0.5 };

        var alone = HotSetPlanner.Choose(flood, flood[..12], [Bean("b9")], options);
        var withOneOther = HotSetPlanner.Choose([.. flood, Bean("b1", 2)], flood[..12], [Bean("b9")], options);

        Assert.Equal(["t00", "t01", "t02", "t03", "t04", "t05"], alone.Ids);
        Assert.Equal(["t00", "t01", "t02", "b1", "t03", "t04"], withOneOther.Ids);
        Assert.Equal((6, 6), (alone.FromAsks, withOneOther.FromAsks));
    }

    [Fact]
    public void AnExplicitSizeIsAHardCapInEveryPass()
    {
        var flood = Flood(20);
        var options = new HotSetOptions { Size = 4, TenantShare = 1, TenantSizes = new Dictionary<string, int> { ["tidewater"] = 1 } };

        var plan = HotSetPlanner.Choose(flood, flood[..8], [Tide("t19"), Bean("b9"), Tide("t18")], options);

        Assert.Equal(["t00", "b9"], plan.Ids);
        Assert.Equal(1, plan.FromAsks);
    }

    [Fact]
    public void AnExplicitSizeReplacesTheShareForItsTenant()
    {
        var flood = Flood(20);
        var options = new HotSetOptions { Size = 4, TenantShare = 0.25, TenantSizes = new Dictionary<string, int> { ["tidewater"] = 3 } };

        var plan = HotSetPlanner.Choose([.. flood, Bean("b1", 2), Bean("b2", 1)], flood[..8], [], options);

        Assert.Equal(["t00", "t01", "t02", "b1"], plan.Ids);
    }

    [Fact]
    public void ATenantWithAnExplicitSizeOfZeroGetsNothing()
    {
        var flood = Flood(4);
        var options = new HotSetOptions { Size = 3, TenantSizes = new Dictionary<string, int> { ["tidewater"] = 0 } };

        var plan = HotSetPlanner.Choose(flood, flood, [Tide("t09"), Bean("b9")], options);

        Assert.Equal(["b9"], plan.Ids);
    }

    [Fact]
    public void DocumentsOfNoTenantCompeteByAsksWithoutShareOrCap()
    {
        HotSetCandidate[] overall = [Tide("t1", 100), new("x", null, 95), Tide("t2", 90), new("y", null, 10)];
        var options = new HotSetOptions { Size = 3, TenantShare = 0.5, TenantSizes = new Dictionary<string, int> { ["beancraft"] = 0 } };

        var plan = HotSetPlanner.Choose([Tide("t1", 100), Tide("t2", 90), Bean("b1", 50)], overall, [], options);

        // Tidewater's share of 3 is one, so y (10 asks) goes ahead of tidewater's second document in the first pass.
        Assert.Equal(["t1", "x", "y"], plan.Ids);
    }

    [Fact]
    public void EqualAskCountsChooseTheSameDocumentsWhateverTheOrderTheyComeIn()
    {
        HotSetCandidate[] asked = [Tide("t3", 5), Bean("b2", 5), Tide("t1", 5), Bean("b1", 5), Tide("t2", 5)];
        var options = new HotSetOptions { Size = 3, TenantShare = 0.34 };

        var plan = HotSetPlanner.Choose(asked, asked, [], options);
        var reversed = HotSetPlanner.Choose([.. Enumerable.Reverse(asked)], [.. Enumerable.Reverse(asked)], [], options);

        Assert.Equal(["b1", "t1", "b2"], plan.Ids);
        Assert.Equal(plan.Ids, reversed.Ids);
    }

    [Fact]
    public void ADocumentAskedInTwoListsIsChosenOnce()
    {
        var plan = HotSetPlanner.Choose([Tide("t1", 3), Tide("t1", 3)], [Tide("t1", 4)], [Tide("t1")], new HotSetOptions { Size = 3 });

        Assert.Equal(["t1"], plan.Ids);
        Assert.Equal(1, plan.FromAsks);
    }

    private static HotSetCandidate Tide(string id, double asks = 0) => new(id, "tidewater", asks);

    private static HotSetCandidate Bean(string id, double asks = 0) => new(id, "beancraft", asks);

    /// <summary>Tidewater's <paramref name="count"/> documents, t00 the most asked, each far more asked than any other tenant's.</summary>
    private static HotSetCandidate[] Flood(int count) => [.. Enumerable.Range(0, count).Select(index => Tide($"t{index:00}", 1000 - index))];
}
