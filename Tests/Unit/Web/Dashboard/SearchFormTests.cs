extern alias Web;

using Web::RedisAspire.Web.Forms;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>The Search form's own checks: the Api's rules, named by the Api's field names, before anything is sent.</summary>
[Trait("Category", "Unit")]
public sealed class SearchFormTests
{
    [Fact]
    public void ADefaultFormWithATextIsValidAndAsksForFiveResultsFromTheAutomaticTier()
    {
        var form = new SearchForm { Text = "oysters" };

        Assert.False(form.Validate().Any);
        var request = form.ToRequest();
        Assert.Equal(5, request.K);
        Assert.Equal("auto", request.Tier);
        Assert.Null(request.Filters);
        Assert.Null(request.EfRuntime);
        Assert.Null(request.Radius);
    }

    [Fact]
    public void AnUpdatedAfterLaterThanUpdatedBeforeIsNamed()
    {
        var form = new SearchForm { Text = "oysters", UpdatedAfter = "2026-06-01", UpdatedBefore = "1704067200" };

        Assert.Equal("'Updated after' is later than 'updated before'.", form.Validate()["filters.updatedAfter"]);
    }

    [Fact]
    public void AFilterRowMayNotReuseAFieldOfItsOwnOrAnotherRowsName()
    {
        var form = new SearchForm { Text = "oysters" };
        form.Tags.Add(new TagFilterRow { Name = "tenant", Value = "x" });
        form.Tags.Add(new TagFilterRow { Name = "cuisine", Value = "seafood" });
        form.Numbers.Add(new NumberFilterRow { Name = "cuisine", Min = "1" });
        form.Numbers.Add(new NumberFilterRow { Name = "price", Min = "30", Max = "10" });

        var errors = form.Validate();

        Assert.Equal("'tenant' has a field of its own above.", errors["tags[0]"]);
        Assert.Null(errors["tags[1]"]);
        Assert.Equal("'cuisine' is filtered on twice.", errors["numbers[0]"]);
        Assert.Equal("The minimum is above the maximum.", errors["numbers[1]"]);
    }

    [Fact]
    public void ATextOverTheApisLimitIsRefusedBeforeSending()
    {
        var form = new SearchForm { Text = new string('a', 20_001) };

        Assert.Equal("At most 20,000 characters; this is 20,001.", form.Validate()["text"]);
    }
}
