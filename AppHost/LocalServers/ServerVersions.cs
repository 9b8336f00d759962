using System.Globalization;
using System.Text.RegularExpressions;

namespace RedisAspire.AppHost.LocalServers;

/// <summary>Reads versions from what the server binaries and their files say.</summary>
public static partial class ServerVersions
{
    /// <summary>The version in <c>redis-server --version</c> ("Redis server v=8.0.2 sha=..."); null when unreadable.</summary>
    public static Version? ParseRedisServer(string versionOutput) =>
        RedisServerPattern().Match(versionOutput ?? "") is { Success: true } match ? Version.Parse(match.Groups[1].Value) : null;

    /// <summary>The version in <c>postgres --version</c> ("postgres (PostgreSQL) 17.12 (Debian ...)"); null when unreadable.</summary>
    public static Version? ParsePostgres(string versionOutput)
    {
        var match = PostgresPattern().Match(versionOutput ?? "");
        if (!match.Success)
        {
            return null;
        }

        var major = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var minor = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        return new Version(major, minor);
    }

    /// <summary>The <c>default_version</c> of an extension control file (pgvector's <c>vector.control</c>); null when absent.</summary>
    public static Version? ParseExtensionControl(string controlFile) =>
        ExtensionControlPattern().Match(controlFile ?? "") is { Success: true } match ? Version.Parse(match.Groups[1].Value) : null;

    [GeneratedRegex(@"\bv=(\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex RedisServerPattern();

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")]
    private static partial Regex PostgresPattern();

    [GeneratedRegex(@"^\s*default_version\s*=\s*'(\d+\.\d+(?:\.\d+)?)'", RegexOptions.Multiline)]
    private static partial Regex ExtensionControlPattern();
}
