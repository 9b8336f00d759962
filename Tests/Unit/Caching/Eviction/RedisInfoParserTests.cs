using RedisAspire.Core.Caching.Eviction;

namespace RedisAspire.Tests.Unit.Caching.Eviction;

[Trait("Category", "Unit")]
public sealed class RedisInfoParserTests
{
    [Fact]
    public void FieldsOfARealInfoMemoryReplyAreReadWithoutTheSectionHeaderOrLineEnds()
    {
        var fields = RedisInfoParser.ParseFields(CapturedInfo.MemoryFull);

        Assert.Equal("4100808", fields["used_memory"]);
        Assert.Equal("4194304", fields["maxmemory"]);
        Assert.Equal("allkeys-lru", fields["maxmemory_policy"]);
        Assert.Equal("jemalloc-5.3.0", fields["mem_allocator"]);
        Assert.DoesNotContain(fields.Keys, name => name.StartsWith('#'));
        Assert.DoesNotContain(fields.Values, value => value.EndsWith('\r'));
    }

    [Fact]
    public void AValueMayItselfContainColons()
    {
        var fields = RedisInfoParser.ParseFields("# Server\r\nexecutable:/usr/bin/redis-server\r\nconfig_file:C:\\redis.conf\r\n");

        Assert.Equal("C:\\redis.conf", fields["config_file"]);
        Assert.Equal(2, fields.Count);
    }

    [Fact]
    public void BlankLinesAndLinesWithoutAFieldNameAreSkipped()
    {
        var fields = RedisInfoParser.ParseFields("\r\n# Stats\r\n:orphan\r\nnot a field\r\nevicted_keys:3\r\n\r\n");

        Assert.Equal(["evicted_keys"], fields.Keys);
    }

    [Fact]
    public void ARealKeyspaceReplyGivesEveryDatabaseWithKeysAndKeysWithATtl()
    {
        var databases = RedisInfoParser.ParseKeyspace(CapturedInfo.KeyspaceMixed);

        Assert.Equal(
            [
                new KeyspaceDatabase(0, Keys: 11, KeysWithTtl: 3, TimeSpan.FromMilliseconds(3599984)),
                new KeyspaceDatabase(2, Keys: 2, KeysWithTtl: 1, TimeSpan.Zero),
            ],
            databases);
        Assert.Equal(8, databases[0].KeysWithoutTtl);
        Assert.Equal(1, databases[1].KeysWithoutTtl);
    }

    [Fact]
    public void AnEmptyServersKeyspaceReplyHasNoDatabases() =>
        Assert.Empty(RedisInfoParser.ParseKeyspace(CapturedInfo.KeyspaceEmpty));

    [Fact]
    public void DatabasesAreOrderedByNumberWhateverTheReplyOrder()
    {
        var databases = RedisInfoParser.ParseKeyspace("# Keyspace\r\ndb10:keys=1,expires=0,avg_ttl=0\r\ndb9:keys=2,expires=1,avg_ttl=5\r\n");

        Assert.Equal([9, 10], databases.Select(database => database.Database));
    }

    [Fact]
    public void AKeyspaceLineWithoutAverageTtlOrWithUnknownPairsIsStillRead() =>
        Assert.Equal(
            new KeyspaceDatabase(3, 5, 2, TimeSpan.Zero),
            RedisInfoParser.ParseKeyspaceEntry("db3", "keys=5,expires=2,future_field=abc"));

    [Theory]
    [InlineData("db0", "expires=2,avg_ttl=0", "no keys count")]
    [InlineData("db0", "keys=5,avg_ttl=0", "no expires count")]
    [InlineData("db0", "keys=five,expires=2", "INFO keyspace db0 keys is 'five', not a whole number")]
    [InlineData("db0", "keys=5,expires", "has 'expires', not name=value")]
    [InlineData("dbx", "keys=5,expires=2", "not a database name")]
    [InlineData("db", "keys=5,expires=2", "not a database name")]
    public void AMalformedKeyspaceLineIsAFormatErrorSayingWhatIsWrong(string name, string value, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RedisInfoParser.ParseKeyspaceEntry(name, value));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFieldIsAFormatErrorNamingTheSectionAndField()
    {
        var fields = RedisInfoParser.ParseFields("# Memory\r\nused_memory:1\r\n");

        var error = Assert.Throws<FormatException>(() => RedisInfoParser.GetNumber(fields, "memory", "maxmemory"));

        Assert.Equal("INFO memory has no 'maxmemory' field.", error.Message);
    }
}
