namespace RedisAspire.AppHost.LocalServers;

/// <summary>
/// A PostgreSQL data directory, initialised on first use with a generated password for the <c>postgres</c> role
/// (kept beside it, readable by the server's account only) and password authentication on loopback only.
/// </summary>
public sealed class PostgresCluster(PostgresInstallation installation, string directoryInRoot, IProcessRunner processes)
{
    public const string ServerAccount = "postgres";
    public const string SuperUser = "postgres";
    private static readonly TimeSpan InitDbTimeout = TimeSpan.FromMinutes(2);

    private ServerRoot Root => installation.Root;

    private string DataDirectory => $"{directoryInRoot}/data";

    private string PasswordFile => $"{directoryInRoot}/password";

    /// <summary>Runs <c>initdb</c> unless the cluster exists, and returns the <c>postgres</c> role's password.</summary>
    public string EnsureInitialized()
    {
        var files = new ServerFiles(processes);
        files.CreatePrivateDirectory(Root, directoryInRoot, ServerAccount);
        if (File.Exists(Root.HostPath($"{DataDirectory}/PG_VERSION")))
        {
            var passwordFile = Root.HostPath(PasswordFile);
            return File.Exists(passwordFile)
                ? File.ReadAllText(passwordFile).Trim()
                : throw new LocalServersUnavailableException(
                    $"The PostgreSQL cluster in {Root.HostPath(DataDirectory)} has no password file ({passwordFile}). " +
                    $"Delete {Root.HostPath(directoryInRoot)} to start with a new, empty cluster.");
        }

        var password = ServerFiles.NewPassword();
        files.WriteSecret(Root, PasswordFile, ServerAccount, password);
        var initdb = Root.Command(ServerAccount, installation.InitDb,
            "-D", DataDirectory, "-U", SuperUser, "--auth=scram-sha-256", $"--pwfile={PasswordFile}",
            "--encoding=UTF8", "--no-locale", "--no-instructions");
        ServerFiles.Ensure(processes.Run(initdb, InitDbTimeout), $"initdb in {Root.HostPath(DataDirectory)}");
        return password;
    }

    /// <summary>The server command, without its last argument: the port, which Aspire allocates.</summary>
    public ProcessCommand ServerCommandBeforePort() => Root.Command(ServerAccount, installation.Postgres,
        "-D", DataDirectory,
        "-c", "listen_addresses=127.0.0.1",
        // No Unix socket: clients use TCP with a password, and no socket file is left in a shared directory.
        "-c", "unix_socket_directories=",
        "-p");
}
