using RedisAspire.Core.Caching;

namespace RedisAspire.Tests.Unit.Caching;

[Trait("Category", "Unit")]
public sealed class CachePolicyTests
{
    public static TheoryData<CachePolicy, string> InvalidPolicies => new()
    {
        { new CachePolicy { Strategy = ExpirationStrategy.Fixed }, "TimeToLive" },
        { new CachePolicy { Strategy = ExpirationStrategy.Sliding }, "TimeToLive" },
        { new CachePolicy { Strategy = (ExpirationStrategy)7, TimeToLive = TimeSpan.FromSeconds(1) }, "Strategy" },
        { CachePolicy.Fixed(TimeSpan.FromSeconds(-1)), "TimeToLive" },
        { CachePolicy.Fixed(TimeSpan.Zero), "TimeToLive" },
        { CachePolicy.Fixed(TimeSpan.FromDays(400)), "TimeToLive" },
        { CachePolicy.Sliding(TimeSpan.FromMinutes(10), maxLifetime: TimeSpan.FromMinutes(5)), "MaxLifetime" },
        { CachePolicy.Fixed(TimeSpan.FromMinutes(1)) with { MaxLifetime = TimeSpan.FromMinutes(5) }, "MaxLifetime" },
        { CachePolicy.Fixed(TimeSpan.FromMinutes(1)) with { Stampede = (StampedeProtection)8 }, "Stampede" },
        { CachePolicy.Fixed(TimeSpan.FromMinutes(1)) with { EarlyRecomputeBeta = 0 }, "EarlyRecomputeBeta" },
        { CachePolicy.Fixed(TimeSpan.FromMinutes(1)) with { EarlyRecomputeBeta = double.NaN }, "EarlyRecomputeBeta" },
        { CachePolicy.Fixed(TimeSpan.FromMinutes(1)) with { LockTimeToLive = TimeSpan.Zero }, "LockTimeToLive" },
        { CachePolicy.Fixed(TimeSpan.FromMinutes(1)) with { LockWaitTimeout = TimeSpan.FromSeconds(-5) }, "LockWaitTimeout" },
        { CachePolicy.Fixed(TimeSpan.FromMinutes(1)) with { Tags = [""] }, "tag" },
        { CachePolicy.Fixed(TimeSpan.FromMinutes(1)) with { Tags = ["tenant:{x}"] }, "tag" },
    };

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public void AnInvalidPolicyIsRefusedNamingTheSetting(CachePolicy policy, string setting)
    {
        var error = Assert.Throws<ArgumentException>(policy.Validate);

        Assert.Equal(setting, error.ParamName);
    }

    [Fact]
    public void ValidPoliciesPass()
    {
        CachePolicy.Fixed(TimeSpan.FromHours(1)).Validate();
        CachePolicy.Sliding(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)).Validate();
        CachePolicy.UntilInvalidated().Validate();
        (CachePolicy.UntilInvalidated(TimeSpan.FromDays(1)) with
        {
            Stampede = StampedeProtection.EarlyRecompute | StampedeProtection.DistributedLock,
            UseL1 = true,
            Tags = ["tenant:tidewater", "doc:42"],
        }).Validate();
    }
}
