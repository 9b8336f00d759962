using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class RedisCapabilityProbeTests
{
    [Theory]
    // Redis 7.0.15's reply to VCARD, and Redis 8.0's to FT._LIST when the query engine is not loaded.
    [InlineData("ERR unknown command 'VCARD', with args beginning with: 'redisaspire:probe' ", true)]
    [InlineData("ERR unknown command 'FT._LIST', with args beginning with: ", true)]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value", false)]
    [InlineData("ERR wrong number of arguments for 'vcard' command", false)]
    [InlineData("NOPERM User default has no permissions to run the 'vcard' command", false)]
    public void OnlyAnUnknownCommandErrorMeansTheEngineIsAbsent(string serverError, bool unknown) =>
        Assert.Equal(unknown, RedisCapabilityProbe.IsUnknownCommand(serverError));

    [Theory]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    public void EitherEngineIsEnoughForVectorSearch(bool vectorSets, bool queryEngine, bool supported) =>
        Assert.Equal(supported, new RedisServerInfo(new Version(8, 0, 2), vectorSets, queryEngine).SupportsVectorSearch);
}
