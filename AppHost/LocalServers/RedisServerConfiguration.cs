namespace RedisAspire.AppHost.LocalServers;

/// <summary>
/// A redis-server's configuration: loopback only, a password for this run, no persistence (every key is a cache
/// entry or a hot-tier copy that PostgreSQL can rebuild). The password goes into a config file readable by the
/// server's account only, never onto the command line, where any local user could read it.
/// </summary>
public sealed class RedisServerConfiguration(RedisInstallation installation, string directoryInRoot, IProcessRunner processes)
{
    public const string ServerAccount = "redis";

    private string ConfigFile => $"{directoryInRoot}/redis.conf";

    /// <summary>Writes the configuration with a new password and returns the password.</summary>
    public string Write()
    {
        var root = installation.Root;
        var account = Account;
        var files = new ServerFiles(processes);
        files.CreatePrivateDirectory(root, directoryInRoot, account ?? Environment.UserName);
        var password = ServerFiles.NewPassword();
        files.WriteSecret(root, ConfigFile, account ?? Environment.UserName, $"requirepass {password}\n");
        return password;
    }

    /// <summary>The server command, without its last argument: the port, which Aspire allocates.</summary>
    public ProcessCommand ServerCommandBeforePort() => installation.Root.Command(Account, installation.ServerPath,
        ConfigFile,
        "--bind", "127.0.0.1",
        "--protected-mode", "yes",
        "--dir", directoryInRoot,
        "--save", "",
        "--appendonly", "no",
        "--port");

    /// <summary>The <c>redis</c> account when the root has one (a distribution package creates it); otherwise the current user.</summary>
    private string? Account => installation.Root.HasAccount(ServerAccount) ? ServerAccount : null;
}
