extern alias Api;

using System.Text.Json;
using Api::RedisAspire.Api.Apis.Search;
using Api::RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Api;

[Trait("Category", "Unit")]
public sealed class SearchBindingTests
{
    private static readonly VectorIndexSchema Schema = new()
    {
        Name = "embeddings",
        Dimension = 4,
        TagFields = ["tenant", "language", "colour"],
        NumericFields = [new("updated_at", Sortable: true), new("floor")],
    };

    private static readonly SearchRequest Valid = new() { Text = "insulin storage" };

    [Fact]
    public void ATextSearchIsPlannedWithItsDefaults()
    {
        var plan = Plan(Valid);

        Assert.Equal(("insulin storage", (float[]?)null, 5, RetrievalTier.Auto, (int?)null, (double?)null), (plan.Text, plan.Vector, plan.K, plan.Tier, plan.EfRuntime, plan.Radius));
        Assert.True(plan.Filter.IsEmpty);
    }

    [Fact]
    public void AVectorSearchCarriesItsVectorKEfTierAndDistanceIntoTheRetrieversQuery()
    {
        float[] vector = [1, 0, 0, 0];

        var plan = Plan(new SearchRequest { Vector = vector, K = 7, EfRuntime = 50, Tier = "Cold", Radius = 0.4 });
        var query = plan.Query(vector);

        Assert.Equal((vector, 7, 50, RetrievalTier.Cold, 0.4), (query.Search.Vector, query.Search.K, query.Search.EfRuntime, query.Tier, query.MaxDistance));
        Assert.Null(plan.Text);
    }

    [Theory]
    [InlineData("auto", RetrievalTier.Auto)]
    [InlineData("HOT", RetrievalTier.Hot)]
    [InlineData("cold", RetrievalTier.Cold)]
    public void ATierIsNamedInAnyCase(string tier, RetrievalTier expected) =>
        Assert.Equal(expected, Plan(Valid with { Tier = tier }).Tier);

    [Theory]
    [InlineData("lukewarm")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("auto,hot")]
    [InlineData("")]
    [InlineData(" hot")]
    public void ATierThatIsNotOneOfItsNamesIsNamed(string tier) =>
        Assert.Contains("use auto, hot or cold", Assert.Single(Errors(Valid with { Tier = tier })["tier"]), StringComparison.Ordinal);

    [Fact]
    public void EveryFilterIsReadIntoItsCondition()
    {
        var plan = Plan(Valid with
        {
            Filters = Filters("""
                { "tenant": "tidewater", "language": "en", "colour": "blue", "floor": { "min": 1, "max": 3.5 },
                  "updatedAfter": "2024-05-01T00:00:00Z", "updatedBefore": 1735689600 }
                """),
        });

        Assert.Equal(("tidewater", "en"), (plan.Filter.Tenant, plan.Filter.Language));
        Assert.Equal("blue", plan.Filter.Tags["colour"]);
        Assert.Equal(new NumericRange(1, 3.5), plan.Filter.Ranges["floor"]);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), plan.Filter.UpdatedAfter);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1735689600), plan.Filter.UpdatedBefore);
    }

    [Theory]
    [InlineData("""{ "floor": { "min": 2 } }""", 2.0, null)]
    [InlineData("""{ "floor": { "max": 2 } }""", null, 2.0)]
    public void ARangeMayHaveOneBound(string filters, double? min, double? max) =>
        Assert.Equal(new NumericRange(min, max), Plan(Valid with { Filters = Filters(filters) }).Filter.Ranges["floor"]);

    [Fact]
    public void AnInstantWithoutAnOffsetIsUniversalTime() =>
        Assert.Equal(
            new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero),
            Plan(Valid with { Filters = Filters("""{ "updatedAfter": "2024-05-01T12:00:00" }""") }).Filter.UpdatedAfter);

    [Theory]
    [InlineData("""{ "tenant": "" }""", "filters.tenant")]
    [InlineData("""{ "tenant": "  " }""", "filters.tenant")]
    [InlineData("""{ "tenant": 5 }""", "filters.tenant")]
    [InlineData("""{ "language": null }""", "filters.language")]
    [InlineData("""{ "colour": ["blue"] }""", "filters.colour")]
    [InlineData("""{ "floor": 3 }""", "filters.floor")]
    [InlineData("""{ "floor": {} }""", "filters.floor")]
    [InlineData("""{ "floor": { "min": "1" } }""", "filters.floor")]
    [InlineData("""{ "floor": { "min": 1, "above": 2 } }""", "filters.floor")]
    [InlineData("""{ "floor": { "min": 3, "max": 1 } }""", "filters.floor")]
    [InlineData("""{ "updatedAfter": "yesterday" }""", "filters.updatedAfter")]
    [InlineData("""{ "updatedAfter": true }""", "filters.updatedAfter")]
    [InlineData("""{ "updatedAfter": 1.5 }""", "filters.updatedAfter")]
    [InlineData("""{ "updatedBefore": -1 }""", "filters.updatedBefore")]
    [InlineData("""{ "updatedBefore": 253402300800 }""", "filters.updatedBefore")]
    [InlineData("""{ "updated_at": { "min": 1 } }""", "filters.updated_at")]
    [InlineData("""{ "shape": "round" }""", "filters.shape")]
    public void AFilterThatCannotBeReadIsNamedAsTheCallerWroteIt(string filters, string field) =>
        Assert.True(Errors(Valid with { Filters = Filters(filters) }).ContainsKey(field), string.Join(", ", Errors(Valid with { Filters = Filters(filters) }).Keys));

    [Fact]
    public void AnUnknownFilterListsTheFiltersTheIndexHas()
    {
        var message = Assert.Single(Errors(Valid with { Filters = Filters("""{ "shape": "round" }""") })["filters.shape"]);

        Assert.Contains("use tenant, language, updatedAfter, updatedBefore, colour, floor.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void DatesInTheWrongOrderAreNamedAsTheCallerWroteThem()
    {
        var errors = Errors(Valid with { Filters = Filters("""{ "updatedAfter": "2025-05-01T00:00:00Z", "updatedBefore": "2025-04-01T00:00:00Z" }""") });

        Assert.Equal(["filters.updatedAfter"], errors.Keys);
    }

    [Fact]
    public void TheSameInstantForBothDatesIsAnEmptyWindowNotAMistake() =>
        Assert.NotNull(ToPlan(Valid with { Filters = Filters("""{ "updatedAfter": 1714521600, "updatedBefore": 1714521600 }""") }, new RequestErrors()));

    [Theory]
    [InlineData(0)]
    [InlineData(SearchRequest.MaxK + 1)]
    public void AKOutsideItsRangeIsNamed(int k) =>
        Assert.Contains($"between 1 and {SearchRequest.MaxK}", Assert.Single(Errors(Valid with { K = k })["k"]), StringComparison.Ordinal);

    [Theory]
    [InlineData(-0.1)]
    [InlineData(2.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ARadiusThatIsNotACosineDistanceIsNamed(double radius) =>
        Assert.True(Errors(Valid with { Radius = radius }).ContainsKey("radius"));

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.0)]
    public void ARadiusMayBeAnyCosineDistance(double radius) =>
        Assert.Equal(radius, Plan(Valid with { Radius = radius }).Radius);

    [Fact]
    public void AVectorOfAnotherDimensionOrWithANonFiniteValueIsNamed()
    {
        Assert.Contains("has 3 dimensions; index 'embeddings' expects 4", Assert.Single(Errors(new SearchRequest { Vector = [1, 2, 3] })["vector"]), StringComparison.Ordinal);
        Assert.Contains("not a finite number", Assert.Single(Errors(new SearchRequest { Vector = [1, float.NaN, 0, 0] })["vector"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "Give text (to embed) or vector.")]
    [InlineData("insulin", new float[] { 1, 0, 0, 0 }, "Give text or vector, not both.")]
    [InlineData("   ", null, "text must not be empty.")]
    public void ATextOrAVectorIsNeededButNotBoth(string? text, float[]? vector, string message) =>
        Assert.Equal(message, Assert.Single(Errors(new SearchRequest { Text = text, Vector = vector })["text"]));

    [Fact]
    public void ATextLongerThanTheModelTakesIsNamed() =>
        Assert.Contains($"at most {SearchRequest.MaxTextLength}", Assert.Single(Errors(new SearchRequest { Text = new string('a', SearchRequest.MaxTextLength + 1) })["text"]), StringComparison.Ordinal);

    [Fact]
    public void EveryProblemIsNamedAtOnceAndNoPlanIsMade()
    {
        var errors = new RequestErrors();
        var request = new SearchRequest
        {
            Vector = [1], K = 0, EfRuntime = 0, Radius = 3, Tier = "warm", Filters = Filters("""{ "tenant": "", "floor": 1, "shape": "round" }"""),
        };

        Assert.Null(request.ToPlan(Schema, errors));

        Assert.Equal(
            ["efRuntime", "filters.floor", "filters.shape", "filters.tenant", "k", "radius", "tier", "vector"],
            errors.ToProblem().ProblemDetails.Errors.Keys.Order(StringComparer.Ordinal));
    }

    private static SearchPlan Plan(SearchRequest request)
    {
        var errors = new RequestErrors();
        var plan = ToPlan(request, errors);
        Assert.False(errors.Any, string.Join("; ", errors.ToProblem().ProblemDetails.Errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")));
        return plan!;
    }

    private static SearchPlan? ToPlan(SearchRequest request, RequestErrors errors) => request.ToPlan(Schema, errors);

    private static IDictionary<string, string[]> Errors(SearchRequest request)
    {
        var errors = new RequestErrors();
        Assert.Null(ToPlan(request, errors));
        return errors.ToProblem().ProblemDetails.Errors;
    }

    private static Dictionary<string, JsonElement> Filters(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
}
