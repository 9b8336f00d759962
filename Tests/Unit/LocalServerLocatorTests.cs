using RedisAspire.AppHost.LocalServers;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class LocalServerLocatorTests : IDisposable
{
    private const string Redis7 = "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=c4341d8ae8ea1b4e";
    private const string Redis8 = "Redis server v=8.0.2 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=b843bbd074c0e1da";
    private const string Pgvector080 = "default_version = '0.8.0'\n";

    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void RedisOnThePathIsUsedWhenItIsRecentEnough()
    {
        var searchPath = PathWithRedisServer();
        var locator = new LocalServerLocator(Answering(_ => Redis8), [ServerRoot.Host], searchPath);

        var redis = locator.LocateRedis();

        Assert.Equal(ServerRoot.Host, redis.Root);
        Assert.Equal(Path.Join(searchPath, "redis-server"), redis.ServerPath);
        Assert.Equal(new Version(8, 0, 2), redis.Version);
    }

    [Fact]
    public void ATooOldRedisOnThePathGivesWayToTheServersRoot()
    {
        var serversRoot = ServersRootWithRedis();
        var locator = new LocalServerLocator(
            Answering(command => command.FileName == "chroot" ? Redis8 : Redis7), [ServerRoot.Host, serversRoot], PathWithRedisServer());

        var redis = locator.LocateRedis();

        Assert.Equal(serversRoot, redis.Root);
        Assert.Equal("/usr/bin/redis-server", redis.ServerPath);
    }

    [Fact]
    public void ATooOldRedisAloneFailsWithWhatWasFoundAndHowToInstall()
    {
        var searchPath = PathWithRedisServer();
        var missingRoot = new ServerRoot(Path.Join(directory.Path, "not-set-up"));
        var locator = new LocalServerLocator(Answering(_ => Redis7), [ServerRoot.Host, missingRoot], searchPath);

        var error = Assert.Throws<LocalServersUnavailableException>(locator.LocateRedis);

        Assert.StartsWith("Redis >= 8.0 (with Vector Sets) was not found.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{Path.Join(searchPath, "redis-server")}: Redis 7.0.15, older than 8.0 (no Vector Sets)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{missingRoot.Path} (not set up): no redis-server", error.Message, StringComparison.Ordinal);
        Assert.Contains("./eng/setup.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARedisThatCannotRunIsReportedWithItsError()
    {
        var serversRoot = ServersRootWithRedis();
        var locator = new LocalServerLocator(
            new FakeProcessRunner(_ => FakeProcessRunner.Failure(127, "chroot: failed to run command: Exec format error")),
            [serversRoot], searchPath: "");

        var error = Assert.Throws<LocalServersUnavailableException>(locator.LocateRedis);

        Assert.Contains("'redis-server --version' failed (chroot: failed to run command: Exec format error)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresWithPgvectorIsFoundInDebiansLayoutNewestFirst()
    {
        var serversRoot = ServersRoot("servers",
            ("usr/lib/postgresql/16/bin/postgres", ""),
            ("usr/share/postgresql/16/extension/vector.control", Pgvector080),
            ("usr/lib/postgresql/17/bin/postgres", ""),
            ("usr/share/postgresql/17/extension/vector.control", Pgvector080));
        var locator = new LocalServerLocator(
            Answering(command => $"postgres (PostgreSQL) {(command.ToString().Contains("/17/", StringComparison.Ordinal) ? "17.12" : "16.9")} (Debian)"),
            [serversRoot], searchPath: "");

        var postgres = locator.LocatePostgres();

        Assert.Equal("/usr/lib/postgresql/17/bin", postgres.BinDirectory);
        Assert.Equal(new Version(17, 12), postgres.Version);
        Assert.Equal(new Version(0, 8, 0), postgres.PgvectorVersion);
        Assert.Equal("/usr/lib/postgresql/17/bin/initdb", postgres.InitDb);
    }

    [Fact]
    public void PostgresWithoutPgvectorGivesWayToOneWithIt()
    {
        var withoutPgvector = ServersRoot("host-like", ("usr/lib/postgresql/15/bin/postgres", ""));
        var withPgvector = ServersRoot("servers",
            ("usr/lib/postgresql/17/bin/postgres", ""),
            ("usr/share/postgresql/17/extension/vector.control", Pgvector080));
        var locator = new LocalServerLocator(Answering(_ => "postgres (PostgreSQL) 17.12"), [withoutPgvector, withPgvector], searchPath: "");

        Assert.Equal(withPgvector, locator.LocatePostgres().Root);
    }

    [Fact]
    public void PostgresWithoutPgvectorOrWithAnOldOneFailsNamingBoth()
    {
        var withoutPgvector = ServersRoot("a", ("usr/lib/postgresql/15/bin/postgres", ""));
        var withOldPgvector = ServersRoot("b",
            ("usr/lib/postgresql/16/bin/postgres", ""),
            ("usr/share/postgresql/16/extension/vector.control", "default_version = '0.4.4'\n"));
        var locator = new LocalServerLocator(
            Answering(command => $"postgres (PostgreSQL) {(command.ToString().Contains("/15/", StringComparison.Ordinal) ? "15.18" : "16.9")}"),
            [withoutPgvector, withOldPgvector], searchPath: "");

        var error = Assert.Throws<LocalServersUnavailableException>(locator.LocatePostgres);

        Assert.StartsWith("PostgreSQL with pgvector >= 0.5.0 was not found.", error.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL 15.18 without pgvector", error.Message, StringComparison.Ordinal);
        Assert.Contains("vector.control is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL 16.9 with pgvector 0.4.4, older than 0.5.0 (no HNSW)", error.Message, StringComparison.Ordinal);
    }

    private string PathWithRedisServer()
    {
        var redisServer = directory.WriteFile("path/redis-server");
        return Path.GetDirectoryName(redisServer)!;
    }

    private ServerRoot ServersRootWithRedis() => ServersRoot("servers", ("usr/bin/redis-server", ""));

    private ServerRoot ServersRoot(string name, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            directory.WriteFile(Path.Join(name, path), content);
        }

        Directory.CreateDirectory(Path.Join(directory.Path, name));
        return new ServerRoot(Path.Join(directory.Path, name));
    }

    private static FakeProcessRunner Answering(Func<ProcessCommand, string> versionOutput) =>
        new(command => FakeProcessRunner.Output(versionOutput(command)));
}
