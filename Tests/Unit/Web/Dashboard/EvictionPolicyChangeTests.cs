extern alias Web;

using System.Net;
using Bunit;
using RedisAspire.Contracts;
using Web::RedisAspire.Web.Components.Pages;
using Web::RedisAspire.Web.Forms;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>The Overview's eviction policy form: checked before sending, the Api's answer shown at once.</summary>
[Trait("Category", "Unit")]
public sealed class EvictionPolicyChangeTests : DashboardContext
{
    [Fact]
    public void ApplyingAPolicyAndALimitSendsThemAndShowsWhatRedisNowDoes()
    {
        Api.AnswerOverview().Answer("PUT /cache/eviction", Canned.Eviction(max: 64 * 1024 * 1024L) with
        {
            Report = Canned.Eviction().Report with { Policy = "allkeys-lru", MaxMemoryBytes = 64 * 1024 * 1024L },
        });
        var page = Render<Overview>();
        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("noeviction", page.Find("[data-testid=policy-choice]").GetAttribute("value"));

        page.Find("[data-testid=policy-choice]").Change("allkeys-lru");
        Fill(page, "policy-maxmemory", "64");
        page.Find("[data-testid=policy-apply]").Click();

        page.WaitForElement("[data-testid=policy-result]");
        Assert.Equal("Redis now evicts by allkeys-lru, with maxmemory 64 MiB.", page.Find("[data-testid=policy-result]").TextContent.Trim());
        Assert.Equal("allkeys-lru", page.Find("[data-testid=eviction-policy]").TextContent);
        Assert.Equal("{\"policy\":\"allkeys-lru\",\"maxMemoryBytes\":67108864}", Assert.Single(Api.Bodies));
    }

    [Fact]
    public void ALimitThatIsNotAWholeNumberOfMebibytesIsRefusedBeforeSending()
    {
        Api.AnswerOverview();
        var page = Render<Overview>();
        page.WaitForElement("[data-testid=page-ready]");

        Fill(page, "policy-maxmemory", "1.5");
        page.Find("[data-testid=policy-apply]").Click();

        Assert.StartsWith("maxmemory is a whole number of MiB", FieldErrors(page)["maxMemoryBytes"], StringComparison.Ordinal);
        Assert.Equal(0, Api.Count("PUT /cache/eviction"));
    }

    [Fact]
    public void TheApisRefusalIsShownBesideTheForm()
    {
        Api.AnswerOverview().Problem("PUT /cache/eviction", HttpStatusCode.Conflict, "The eviction policy cannot be changed by this application",
            "CONFIG SET is not allowed on this Redis.");
        var page = Render<Overview>();
        page.WaitForElement("[data-testid=page-ready]");

        page.Find("[data-testid=policy-apply]").Click();

        page.WaitForAssertion(() => Assert.Contains(
            "cannot be changed by this application", page.Find("[data-testid=policy-problem]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void ARedisWhosePolicyIsSetWhereItIsHostedOffersNoForm()
    {
        Api.AnswerOverview(eviction: Canned.Eviction() with { PolicyChangesAllowed = false });

        var page = Render<Overview>();

        page.WaitForElement("[data-testid=page-ready]");
        page.WaitForElement("[data-testid=policy-managed]");
        Assert.Empty(page.FindAll("[data-testid=policy-change]"));
    }

    [Theory]
    [InlineData("", "", "policy")]
    [InlineData("allkeys-lrm", "", "policy")]
    [InlineData("allkeys-lru", "-1", "maxMemoryBytes")]
    [InlineData("allkeys-lru", "99999999999999999", "maxMemoryBytes")]
    public void TheFormRefusesWhatTheApiWould(string policy, string megabytes, string field)
    {
        var errors = new EvictionChangeForm { Policy = policy, MaxMemoryMegabytes = megabytes }.Validate();

        Assert.Equal([field], errors.ByField.Keys);
    }

    [Fact]
    public void AnEmptyLimitLeavesMaxmemoryAsItIs()
    {
        var form = new EvictionChangeForm { Policy = "volatile-ttl" };

        Assert.False(form.Validate().Any);
        Assert.Null(form.ToRequest().MaxMemoryBytes);
    }
}
