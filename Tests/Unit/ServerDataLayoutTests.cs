using RedisAspire.AppHost.LocalServers;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class ServerDataLayoutTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void WithHostBinariesAServerKeepsItsFilesInTheDataDirectory()
    {
        var data = Path.Join(directory.Path, "data");

        Assert.Equal(Path.Join(data, "redis"), ServerDataLayout.Prepare(ServerRoot.Host, data, "redis"));
    }

    [Fact]
    public void WithASeparateRootTheFilesLiveInsideItAndTheDataDirectoryLinksThere()
    {
        var root = new ServerRoot(Path.Join(directory.Path, "root"));
        var data = Path.Join(directory.Path, "data");

        var inRoot = ServerDataLayout.Prepare(root, data, "postgres");

        Assert.Matches("^/var/lib/redisaspire/[0-9a-f]{12}/postgres$", inRoot);
        Assert.Equal(root.HostPath(inRoot), new FileInfo(Path.Join(data, "postgres")).LinkTarget);
    }

    [Fact]
    public void TwoDataDirectoriesNeverShareFilesInsideARoot()
    {
        var root = new ServerRoot(Path.Join(directory.Path, "root"));

        Assert.NotEqual(
            ServerDataLayout.Prepare(root, Path.Join(directory.Path, "one"), "redis"),
            ServerDataLayout.Prepare(root, Path.Join(directory.Path, "two"), "redis"));
    }

    [Fact]
    public void DeletingFollowsTheLinksAndLeavesNothingInsideTheRoot()
    {
        var root = new ServerRoot(Path.Join(directory.Path, "root"));
        var data = Path.Join(directory.Path, "data");
        var inRoot = ServerDataLayout.Prepare(root, data, "postgres");
        directory.WriteFile(Path.Join("root", inRoot, "data", "PG_VERSION"), "17");
        directory.WriteFile(Path.Join("data", "notes.txt"), "x");

        ServerDataLayout.Delete(data);

        Assert.Empty(Directory.EnumerateFileSystemEntries(data));
        Assert.False(Directory.Exists(Path.GetDirectoryName(root.HostPath(inRoot))));
    }
}
