using RedisAspire.AppHost.LocalServers;

namespace RedisAspire.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class ServerVersionsTests
{
    [Theory]
    [InlineData("Redis server v=8.0.2 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=b843bbd074c0e1da", "8.0.2")]
    [InlineData("Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=c4341d8ae8ea1b4e", "7.0.15")]
    [InlineData("Redis server v=8.6.0 sha=00000000:1 malloc=libc bits=64 build=1", "8.6.0")]
    public void RedisServerVersionIsReadFromItsVersionLine(string output, string expected) =>
        Assert.Equal(Version.Parse(expected), ServerVersions.ParseRedisServer(output));

    [Theory]
    [InlineData("")]
    [InlineData("redis-server: command not found")]
    [InlineData("KeyDB server v=abc")]
    public void AnUnreadableRedisVersionLineGivesNoVersion(string output) =>
        Assert.Null(ServerVersions.ParseRedisServer(output));

    [Theory]
    [InlineData("postgres (PostgreSQL) 17.12 (Debian 17.12-0+deb13u1)", "17.12")]
    [InlineData("postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", "15.18")]
    [InlineData("postgres (PostgreSQL) 18beta1", "18.0")]
    public void PostgresVersionIsReadFromItsVersionLine(string output, string expected) =>
        Assert.Equal(Version.Parse(expected), ServerVersions.ParsePostgres(output));

    [Fact]
    public void PgvectorVersionIsReadFromItsControlFile()
    {
        const string controlFile = """
            comment = 'vector data type and ivfflat and hnsw access methods'
            default_version = '0.8.0'
            module_pathname = '$libdir/vector'
            relocatable = true
            """;

        Assert.Equal(new Version(0, 8, 0), ServerVersions.ParseExtensionControl(controlFile));
    }

    [Fact]
    public void AControlFileWithoutDefaultVersionGivesNoVersion() =>
        Assert.Null(ServerVersions.ParseExtensionControl("comment = 'something else'\n"));
}
