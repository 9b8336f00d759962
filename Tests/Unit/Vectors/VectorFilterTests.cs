using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Vectors;

[Trait("Category", "Unit")]
public sealed class VectorFilterTests
{
    private static readonly VectorIndexSchema Schema = new()
    {
        Name = "idx:embeddings",
        Dimension = 4,
        TagFields = ["tenant", "language", "source"],
        NumericFields = [new NumericField("updated_at", Sortable: true), new NumericField("version")],
    };

    [Fact]
    public void TheRecordedFilterRendersAsTheRecordedQuery()
    {
        var filter = new VectorFilter { Tenant = "tidewater", Language = "en", UpdatedAfter = DateTimeOffset.FromUnixTimeSeconds(1714521600) };

        Assert.Equal("@tenant:{tidewater} @language:{en} @updated_at:[1714521600 +inf]", RediSearchQuery.RenderFilter(filter, Schema));
    }

    [Fact]
    public void GenericTagsAndRangesFollowTheBuiltInConditionsInFieldOrder()
    {
        var filter = new VectorFilter
        {
            Tenant = "t",
            UpdatedAfter = DateTimeOffset.FromUnixTimeSeconds(10),
            UpdatedBefore = DateTimeOffset.FromUnixTimeSeconds(20),
            Tags = new Dictionary<string, string> { ["source"] = "wiki" },
            Ranges = new Dictionary<string, NumericRange> { ["version"] = new(Min: 2, Max: 3.5, MinExclusive: true) },
        };

        Assert.Equal(
            "@tenant:{t} @source:{wiki} @updated_at:[10 (20] @version:[(2 3.5]",
            RediSearchQuery.RenderFilter(filter, Schema));
    }

    [Fact]
    public void AnEmptyFilterRendersAsNothing()
    {
        Assert.True(VectorFilter.None.IsEmpty);
        Assert.Equal(string.Empty, RediSearchQuery.RenderFilter(VectorFilter.None, Schema));
    }

    [Fact]
    public void TheRecordedHostileTenantIsEscapedAsTheRecordingSentIt()
    {
        Assert.Equal(@"x\}\ \|\ \@tenant\:\{tidewater", RediSearchQuery.EscapeTag("x} | @tenant:{tidewater"));
    }

    [Theory]
    [InlineData(",.<>{}[]\"':;!@#$%^&*()-+=~|/\\ ")]
    [InlineData("\t\n\r\0`?")]
    public void EveryPunctuationWhitespaceAndControlCharacterIsEscaped(string hostile)
    {
        var escaped = RediSearchQuery.EscapeTag(hostile);

        Assert.Equal(hostile.Length * 2, escaped.Length);
        for (var i = 0; i < hostile.Length; i++)
        {
            Assert.Equal('\\', escaped[2 * i]);
            Assert.Equal(hostile[i], escaped[(2 * i) + 1]);
        }
    }

    [Theory]
    [InlineData("tidewater")]
    [InlineData("bean_craft42")]
    [InlineData("école")]
    public void LettersDigitsUnderscoreAndNonAsciiAreLeftAlone(string value)
    {
        Assert.Equal(value, RediSearchQuery.EscapeTag(value));
    }

    [Theory]
    [InlineData("x} | @tenant:{other")]
    [InlineData("x}) | (@tenant:{other")]
    [InlineData("*")]
    [InlineData("a\\}b")]
    [InlineData("x}=>[KNN 100 @embedding $vec]")]
    public void AHostileValueStaysInsideItsOneTagCondition(string hostile)
    {
        var rendered = RediSearchQuery.RenderFilter(new VectorFilter { Tenant = hostile, Language = "en" }, Schema);

        // Every special character of the value is escaped, so the first unescaped '}' closes the tenant tag
        // exactly where the value ends, and the language condition follows untouched.
        var open = "@tenant:{".Length;
        var close = FirstUnescaped(rendered, '}', open);
        Assert.Equal(RediSearchQuery.EscapeTag(hostile), rendered[open..close]);
        Assert.Equal(" @language:{en}", rendered[(close + 1)..]);
    }

    public static TheoryData<VectorFilter, string> RefusedFilters => new()
    {
        { new VectorFilter { Tags = new Dictionary<string, string> { ["colour"] = "red" } }, "filters.colour" },
        { new VectorFilter { Tags = new Dictionary<string, string> { ["version"] = "2" } }, "filters.version" },
        { new VectorFilter { Ranges = new Dictionary<string, NumericRange> { ["source"] = new(1, 2) } }, "filters.source" },
        { new VectorFilter { Ranges = new Dictionary<string, NumericRange> { ["price"] = new(1, 2) } }, "filters.price" },
        { new VectorFilter { Ranges = new Dictionary<string, NumericRange> { ["version"] = new(3, 2) } }, "filters.version" },
        { new VectorFilter { Ranges = new Dictionary<string, NumericRange> { ["version"] = new(double.NaN) } }, "filters.version" },
        { new VectorFilter { Tenant = "" }, "filters.tenant" },
        { new VectorFilter { Language = " " }, "filters.language" },
    };

    [Theory]
    [MemberData(nameof(RefusedFilters))]
    public void AFilterTheSchemaCannotAnswerIsRefusedNamingTheField(VectorFilter filter, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => RediSearchQuery.RenderFilter(filter, Schema));

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void ATenantFilterOnASchemaWithoutTenantIsRefused()
    {
        var schema = Schema with { TagFields = ["language"] };

        var error = Assert.Throws<ArgumentException>(() => new VectorFilter { Tenant = "t" }.Validate(schema));

        Assert.Equal("filters.tenant", error.ParamName);
    }

    private static int FirstUnescaped(string text, char wanted, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == wanted)
            {
                return i;
            }
        }

        return -1;
    }
}
