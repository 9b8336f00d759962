using RedisAspire.AppHost.LocalServers;

namespace RedisAspire.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class ServerRootTests
{
    [Fact]
    public void AHostBinaryWithoutUserSwitchRunsDirectly()
    {
        var command = ServerRoot.Host.Command(null, "/usr/bin/redis-server", "--version");

        Assert.Equal("/usr/bin/redis-server", command.FileName);
        Assert.Equal(["--version"], command.Arguments);
    }

    [Fact]
    public void ABinaryInASeparateRootRunsThroughChrootWithACleanEnvironment()
    {
        var root = new ServerRoot("/opt/redisaspire/servers");

        var command = root.Command(null, "/usr/bin/redis-server", "--version");

        Assert.Equal("chroot", command.FileName);
        Assert.Equal(
            ["/opt/redisaspire/servers", "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", "/usr/bin/redis-server", "--version"],
            command.Arguments);
    }

    [Fact]
    public void AServerAccountIsSwitchedToWhenThisProcessMaySwitch()
    {
        var command = new ServerRoot("/opt/redisaspire/servers").Command("postgres", "/usr/lib/postgresql/17/bin/postgres", "-D", "/data");

        Assert.Equal(Environment.IsPrivilegedProcess, command.Arguments.Contains("--userspec=postgres:postgres"));
        Assert.Equal(["/usr/lib/postgresql/17/bin/postgres", "-D", "/data"], command.Arguments.TakeLast(3));
    }

    [Fact]
    public void PathsInsideASeparateRootAreFoundUnderIt()
    {
        Assert.Equal("/opt/servers/var/lib/x", new ServerRoot("/opt/servers").HostPath("/var/lib/x"));
        Assert.Equal("/var/lib/x", ServerRoot.Host.HostPath("/var/lib/x"));
    }
}
