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
        var plan = HotSetPlanner.Choose([Bean("b2", 1)], [Bean("b2", 1)], [New("a3", "tidewater", 3), New("b2", "beancraft", 2), New("a1", "tidewater", 1)], new HotSetOptions { Size = 3 });

        Assert.Equal(["b2", "a3", "a1"], plan.Ids);
        Assert.Equal(1, plan.FromAsks);
    }

    [Fact]
    public void AColdStartIsTheNewestDocuments()
    {
        var plan = HotSetPlanner.Choose([], [], [New("a2", "tidewater", 2), New("a3", "tidewater", 3)], new HotSetOptions { Size = 5 });

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

    [Fact]
    public void TheNewestPolicyTakesTheNewestDocumentsWhateverWasAsked()
    {
        var flood = Flood(10);
        HotSetCandidate[] newest = [New("b1", "beancraft", 5), New("t09", "tidewater", 9), New("t08", "tidewater", 8), New("b2", "beancraft", 1)];

        var plan = HotSetPlanner.Choose(flood, flood, newest, new HotSetOptions { Size = 3, Policy = "Newest" });

        Assert.Equal(["t09", "t08", "b1"], plan.Ids);
        Assert.Equal(0, plan.FromAsks);
    }

    [Fact]
    public void TheNewestPolicyKeepsATenantWithinItsExplicitSizeAndGivesTheRoomToOthersNewest()
    {
        HotSetCandidate[] newest = [New("t3", "tidewater", 30), New("t2", "tidewater", 20), New("t1", "tidewater", 10), New("b2", "beancraft", 2), New("b1", "beancraft", 1)];
        var options = new HotSetOptions { Size = 3, Policy = "newest", TenantSizes = new Dictionary<string, int> { ["tidewater"] = 1 } };

        var plan = HotSetPlanner.Choose([], [], newest, options);

        Assert.Equal(["t3", "b2", "b1"], plan.Ids);
    }

    [Fact]
    public void EqualUpdateTimesChooseTheSameNewestDocumentsWhateverTheOrderTheyComeIn()
    {
        HotSetCandidate[] newest = [New("c", "tidewater", 7), New("a", "beancraft", 7), New("d", "tidewater", 9), New("b", "tidewater", 7)];
        var options = new HotSetOptions { Size = 3, Policy = "Newest" };

        var plan = HotSetPlanner.Choose([], [], newest, options);
        var reversed = HotSetPlanner.Choose([], [], [.. Enumerable.Reverse(newest)], options);

        Assert.Equal(["d", "a", "b"], plan.Ids);
        Assert.Equal(plan.Ids, reversed.Ids);
    }

    [Fact]
    public void TheMixedPolicyGivesItsShareToTheNewestAndTheRestToTheMostAsked()
    {
        HotSetCandidate[] asked = [Tide("t1", 9), Bean("b1", 8), Tide("t2", 7), Bean("b2", 6)];
        HotSetCandidate[] newest = [New("n1", "tidewater", 5), New("n2", "beancraft", 4), New("n3", "tidewater", 3)];
        var options = new HotSetOptions { Size = 5, Policy = "Mixed", NewestShare = 0.4, TenantShare = 1 };

        var plan = HotSetPlanner.Choose(asked, asked, newest, options);

        Assert.Equal(["n1", "n2", "t1", "b1", "t2"], plan.Ids);
        Assert.Equal(3, plan.FromAsks);
    }

    [Fact]
    public void TheMixedPolicyFillsRoomTheAsksLeaveWithMoreOfTheNewest()
    {
        HotSetCandidate[] newest = [New("n1", "tidewater", 5), New("n2", "beancraft", 4), New("n3", "tidewater", 3), New("n4", "tidewater", 2)];
        var options = new HotSetOptions { Size = 4, Policy = "Mixed", NewestShare = 0.5 };

        var plan = HotSetPlanner.Choose([Bean("b1", 1)], [Bean("b1", 1)], newest, options);

        Assert.Equal(["n1", "n2", "b1", "n3"], plan.Ids);
        Assert.Equal(1, plan.FromAsks);
    }

    [Fact]
    public void TheMixedPolicyGivesRoomTheNewestLeaveToMoreOfTheAsked()
    {
        HotSetCandidate[] asked = [Tide("t1", 9), Bean("b1", 8), Tide("t2", 7), Bean("b2", 6)];
        var options = new HotSetOptions { Size = 4, Policy = "Mixed", NewestShare = 0.5, TenantShare = 1 };

        var plan = HotSetPlanner.Choose(asked, asked, [New("n1", "tidewater", 5)], options);

        Assert.Equal(["n1", "t1", "b1", "t2"], plan.Ids);
        Assert.Equal(3, plan.FromAsks);
    }

    [Fact]
    public void UnderTheMixedPolicyATenantsShareIsOfTheRoomLeftForAskedDocumentsAndItsNewestDoNotUseItUp()
    {
        // Size 8, half for the newest: the asked compete for 4, so tidewater's half share is 2 asked documents, though
        // its newest already hold two places.
        var flood = Flood(10);
        HotSetCandidate[] newest = [New("n1", "tidewater", 9), New("n2", "tidewater", 8), New("n3", "beancraft", 7), New("n4", "beancraft", 6)];
        var options = new HotSetOptions { Size = 8, Policy = "Mixed", NewestShare = 0.5, TenantShare = 0.5 };

        var plan = HotSetPlanner.Choose([.. flood, Bean("b1", 2), Bean("b2", 1)], flood, newest, options);

        Assert.Equal(["n1", "n2", "n3", "n4", "t00", "t01", "b1", "b2"], plan.Ids);
    }

    [Fact]
    public void UnderTheMixedPolicyAnExplicitSizeCountsATenantsNewestAndAskedDocumentsTogether()
    {
        var flood = Flood(10);
        HotSetCandidate[] newest = [New("n1", "tidewater", 9), New("n2", "tidewater", 8), New("n3", "beancraft", 7)];
        var options = new HotSetOptions { Size = 6, Policy = "Mixed", NewestShare = 0.5, TenantSizes = new Dictionary<string, int> { ["tidewater"] = 3 } };

        var plan = HotSetPlanner.Choose([.. flood, Bean("b1", 2)], flood, newest, options);

        // Tidewater: two newest and one asked, its cap of three; beancraft's share of the asked room (3) is one.
        Assert.Equal(["n1", "n2", "n3", "t00", "b1"], plan.Ids);
    }

    [Theory]
    [InlineData(0.0, new[] { "t1", "t2", "t3", "n1" })]
    [InlineData(1.0, new[] { "n1", "n2", "n3", "n4" })]
    public void AMixedShareOfNoneIsMostAskedAndOfAllIsNewest(double newestShare, string[] expected)
    {
        HotSetCandidate[] asked = [Tide("t1", 3), Tide("t2", 2), Tide("t3", 1)];
        HotSetCandidate[] newest = [New("n1", "tidewater", 4), New("n2", "tidewater", 3), New("n3", "tidewater", 2), New("n4", "tidewater", 1)];

        var plan = HotSetPlanner.Choose(asked, asked, newest, new HotSetOptions { Size = 4, Policy = "Mixed", NewestShare = newestShare, TenantShare = 1 });

        Assert.Equal(expected, plan.Ids);
    }

    private static HotSetCandidate Tide(string id, double asks = 0) => new(id, "tidewater", asks);

    /// <summary>A document chosen for being new, updated <paramref name="day"/> days into 2026.</summary>
    private static HotSetCandidate New(string id, string tenant, int day) =>
        new(id, tenant, UpdatedAt: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(day));

    private static HotSetCandidate Bean(string id, double asks = 0) => new(id, "beancraft", asks);

    /// <summary>Tidewater's <paramref name="count"/> documents, t00 the most asked, each far more asked than any other tenant's.</summary>
    private static HotSetCandidate[] Flood(int count) => [.. Enumerable.Range(0, count).Select(index => Tide($"t{index:00}", 1000 - index))];
}
