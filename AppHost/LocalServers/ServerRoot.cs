namespace RedisAspire.AppHost.LocalServers;

/// <summary>
/// The file-system root the server binaries live in: "/" for binaries installed on the host itself, or a separate
/// root filesystem (what <c>eng/setup.sh</c> builds when the host's packages are too old), entered with <c>chroot</c>.
/// </summary>
public sealed record ServerRoot(string Path)
{
    public static readonly ServerRoot Host = new("/");

    public bool IsHost => Path == "/";

    /// <summary>Where a path inside this root is on the host.</summary>
    public string HostPath(string pathInRoot) =>
        IsHost ? pathInRoot : System.IO.Path.Join(Path, pathInRoot);

    /// <summary>
    /// The command that runs <paramref name="program"/> (a path inside this root) as <paramref name="user"/>. The host's
    /// own binaries run directly when no user switch is needed; everything else goes through <c>chroot</c>, which also
    /// switches user, with a clean environment (a separate root knows nothing of the host's locale or paths).
    /// </summary>
    /// <param name="user">The account to run as (root only can switch); null runs as the current user.</param>
    public ProcessCommand Command(string? user, string program, params IEnumerable<string> arguments)
    {
        var switchUser = user is not null && Environment.IsPrivilegedProcess;
        if (IsHost && !switchUser)
        {
            return new ProcessCommand(program, [.. arguments]);
        }

        List<string> chrootArguments = [];
        if (switchUser)
        {
            chrootArguments.Add($"--userspec={user}:{user}");
        }

        chrootArguments.AddRange([Path, "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", program]);
        chrootArguments.AddRange(arguments);
        return new ProcessCommand("chroot", chrootArguments);
    }

    /// <summary>Whether the root's <c>/etc/passwd</c> has <paramref name="account"/>.</summary>
    public bool HasAccount(string account)
    {
        var passwd = HostPath("/etc/passwd");
        return File.Exists(passwd) && File.ReadLines(passwd).Any(line => line.StartsWith($"{account}:", StringComparison.Ordinal));
    }
}
