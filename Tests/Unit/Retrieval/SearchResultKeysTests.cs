using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class SearchResultKeysTests
{
    private static readonly RetrievalQuery Query = new(new KnnQuery
    {
        Vector = [1, 0, 0, 0],
        K = 5,
        Filter = new VectorFilter { Tenant = "tidewater", Language = "en", UpdatedAfter = DateTimeOffset.FromUnixTimeSeconds(1714521600) },
    });

    [Fact]
    public void TheSameQueryHasTheSameKey() =>
        Assert.Equal(SearchResultKeys.Key("embeddings", Query), SearchResultKeys.Key("embeddings", Query with { Search = Query.Search with { } }));

    public static TheoryData<RetrievalQuery> OtherQueries => new()
    {
        Query with { Search = Query.Search with { Vector = [0, 1, 0, 0] } },
        Query with { Search = Query.Search with { K = 6 } },
        Query with { Search = Query.Search with { EfRuntime = 200 } },
        Query with { Tier = RetrievalTier.Cold },
        Query with { Search = Query.Search with { Filter = Query.Search.Filter with { Tenant = "beancraft" } } },
        Query with { Search = Query.Search with { Filter = Query.Search.Filter with { Language = null } } },
        Query with { Search = Query.Search with { Filter = Query.Search.Filter with { UpdatedAfter = null } } },
        Query with { Search = Query.Search with { Filter = Query.Search.Filter with { UpdatedBefore = DateTimeOffset.UnixEpoch } } },
        Query with { MaxDistance = 0.5 },
    };

    [Theory]
    [MemberData(nameof(OtherQueries))]
    public void AnyDifferenceInTheQueryIsADifferentKey(RetrievalQuery other) =>
        Assert.NotEqual(SearchResultKeys.Key("embeddings", Query), SearchResultKeys.Key("embeddings", other));

    [Fact]
    public void TwoRangeQueriesDifferingOnlyInTheirDistanceHaveDifferentKeys()
    {
        double?[] distances = [null, 0, 0.25, 0.2500000001, 0.5, 2];

        var keys = distances.Select(distance => SearchResultKeys.Key("embeddings", Query with { MaxDistance = distance })).ToList();

        Assert.Equal(distances.Length, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys[4], SearchResultKeys.Key("embeddings", Query with { MaxDistance = 0.5 }));
    }

    [Fact]
    public void TheIndexIsPartOfTheKeyAndOfEveryTag()
    {
        Assert.NotEqual(SearchResultKeys.Key("embeddings", Query), SearchResultKeys.Key("other", Query));
        Assert.NotEqual(SearchResultKeys.TenantTag("embeddings", "tidewater"), SearchResultKeys.TenantTag("other", "tidewater"));
        Assert.NotEqual(SearchResultKeys.TenantTag("embeddings", "tidewater"), SearchResultKeys.TenantTag("embeddings", null));
    }

    [Fact]
    public void ATenantsResultsAreInItsOwnNamespace()
    {
        var unfiltered = Query with { Search = Query.Search with { Filter = VectorFilter.None } };

        Assert.Equal("tidewater", TenantKeys.OwnerOf(SearchResultKeys.Key("embeddings", Query)));
        Assert.Equal("tidewater", TenantKeys.OwnerOf(SearchResultKeys.TenantTag("embeddings", "tidewater")));
        Assert.Null(TenantKeys.OwnerOf(SearchResultKeys.Key("embeddings", unfiltered)));
        Assert.Null(TenantKeys.OwnerOf(SearchResultKeys.TenantTag("embeddings", null)));
    }

    [Theory]
    [InlineData("x} | @tenant:{other")]
    [InlineData("line\nbreak")]
    [InlineData("a,b")]
    public void AnyTenantMakesAValidTagAndKeyAndNoOtherTenantOwnsIt(string tenant)
    {
        Assert.Null(TenantKeys.OwnerOf(SearchResultKeys.TenantTag("embeddings", tenant)));
        CacheKeys.ValidateTag(SearchResultKeys.TenantTag("embeddings", tenant));
        CacheKeys.ValidateKey(SearchResultKeys.Key("embeddings", Query with { Search = Query.Search with { Filter = new VectorFilter { Tenant = tenant } } }));
    }
}
