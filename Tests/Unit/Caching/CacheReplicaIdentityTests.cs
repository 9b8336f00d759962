using System.ComponentModel.DataAnnotations;
using RedisAspire.Core.Caching;

namespace RedisAspire.Tests.Unit.Caching;

[Trait("Category", "Unit")]
public sealed class CacheReplicaIdentityTests
{
    [Fact]
    public void AnIdNamesTheMachineAndProcessAndDiffersBetweenTwoIdentitiesOfOneProcess()
    {
        var one = CacheReplicaIdentity.NewId("Api-7f9c", 42);
        var other = CacheReplicaIdentity.NewId("Api-7f9c", 42);

        Assert.StartsWith("api-7f9c-42-", one, StringComparison.Ordinal);
        Assert.NotEqual(one, other);
    }

    [Theory]
    [InlineData("host name:with{odd}*chars", "host-name-with-odd--chars-")]
    [InlineData("", "replica-")]
    public void AMachineNameBecomesOnlyLettersDigitsDotsAndDashes(string machine, string expectedStart)
    {
        var id = CacheReplicaIdentity.NewId(machine, 7);

        Assert.StartsWith(expectedStart, id, StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9.-]+$", id);
    }

    [Fact]
    public void AnIdStaysShortWhateverTheMachinesName()
    {
        var id = CacheReplicaIdentity.NewId(new string('m', 300), int.MaxValue);

        Assert.Equal(CacheReplicaIdentity.MaxIdLength, id.Length);
        Assert.EndsWith($"-{int.MaxValue}-" + id[^8..], id, StringComparison.Ordinal);
    }

    [Fact]
    public void AReportThatWouldExpireBeforeTheNextOneIsARefusedSetting()
    {
        var options = new ResultCacheOptions { ReplicaReportInterval = TimeSpan.FromSeconds(2), ReplicaReportTimeToLive = TimeSpan.FromSeconds(2) };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));

        var result = Assert.Single(results);
        Assert.Contains("ResultCache:ReplicaReportTimeToLive", result.ErrorMessage, StringComparison.Ordinal);
    }
}
