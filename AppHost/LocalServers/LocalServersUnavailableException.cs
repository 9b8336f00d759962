namespace RedisAspire.AppHost.LocalServers;

/// <summary>
/// The local servers cannot be run. The message says what was looked for, what was found, and how to install
/// what is missing; the AppHost prints it and stops.
/// </summary>
public sealed class LocalServersUnavailableException : Exception
{
    public const string Remedy =
        "Run ./eng/setup.sh to install Redis 8 and PostgreSQL with pgvector (on Debian 12 they go into a separate " +
        "root filesystem and nothing on the host is upgraded), or set RunMode=containers where a container runtime runs.";

    public LocalServersUnavailableException(string needed, IEnumerable<string> findings)
        : base(Describe(needed, findings))
    {
    }

    public LocalServersUnavailableException(string message)
        : base(message)
    {
    }

    public LocalServersUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LocalServersUnavailableException()
    {
    }

    private static string Describe(string needed, IEnumerable<string> findings)
    {
        var lines = findings.Select(finding => $"  - {finding}").ToList();
        var found = lines.Count == 0 ? "  - nothing" : string.Join(Environment.NewLine, lines);
        return $"{needed} was not found. Looked at:{Environment.NewLine}{found}{Environment.NewLine}{Remedy}";
    }
}
