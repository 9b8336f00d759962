using System.Globalization;

namespace RedisAspire.AppHost.LocalServers;

/// <summary>
/// Finds a redis-server (>= 8) and a PostgreSQL with pgvector (>= 0.5) in the given roots, in order of preference,
/// and checks their versions by running them. Whatever it rejects is named, with the reason, in the error.
/// </summary>
/// <param name="roots">Where to look, best first: usually the host, then the servers root <c>eng/setup.sh</c> builds.</param>
/// <param name="searchPath">The host's PATH, searched for <c>redis-server</c> and <c>pg_config</c>.</param>
public sealed class LocalServerLocator(IProcessRunner processes, IReadOnlyList<ServerRoot> roots, string? searchPath)
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(15);

    public RedisInstallation LocateRedis()
    {
        var findings = new List<string>();
        foreach (var root in roots)
        {
            var serverPath = root.IsHost ? FindOnSearchPath("redis-server") : "/usr/bin/redis-server";
            if (serverPath is null || !File.Exists(root.HostPath(serverPath)))
            {
                findings.Add($"{Describe(root)}: no redis-server");
                continue;
            }

            var result = processes.Run(root.Command(null, serverPath, "--version"), VersionTimeout);
            var version = result.Succeeded ? ServerVersions.ParseRedisServer(result.StandardOutput) : null;
            if (version is null)
            {
                findings.Add($"{root.HostPath(serverPath)}: 'redis-server --version' failed ({Reason(result)})");
            }
            else if (version < RedisInstallation.MinimumVersion)
            {
                findings.Add($"{root.HostPath(serverPath)}: Redis {version}, older than {RedisInstallation.MinimumVersion} (no Vector Sets)");
            }
            else
            {
                return new RedisInstallation(root, serverPath, version);
            }
        }

        throw new LocalServersUnavailableException($"Redis >= {RedisInstallation.MinimumVersion} (with Vector Sets)", findings);
    }

    public PostgresInstallation LocatePostgres()
    {
        var findings = new List<string>();
        foreach (var root in roots)
        {
            var candidates = PostgresCandidates(root).DistinctBy(candidate => candidate.BinDirectory).ToList();
            if (candidates.Count == 0)
            {
                findings.Add($"{Describe(root)}: no PostgreSQL server");
                continue;
            }

            foreach (var (binDirectory, shareDirectory) in candidates)
            {
                var postgres = $"{binDirectory}/postgres";
                var result = processes.Run(root.Command(null, postgres, "--version"), VersionTimeout);
                var version = result.Succeeded ? ServerVersions.ParsePostgres(result.StandardOutput) : null;
                if (version is null)
                {
                    findings.Add($"{root.HostPath(postgres)}: 'postgres --version' failed ({Reason(result)})");
                    continue;
                }

                var controlFile = root.HostPath($"{shareDirectory}/extension/vector.control");
                var pgvector = File.Exists(controlFile) ? ServerVersions.ParseExtensionControl(File.ReadAllText(controlFile)) : null;
                if (pgvector is null)
                {
                    findings.Add($"{root.HostPath(postgres)}: PostgreSQL {version} without pgvector ({controlFile} is missing)");
                }
                else if (pgvector < PostgresInstallation.MinimumPgvectorVersion)
                {
                    findings.Add($"{root.HostPath(postgres)}: PostgreSQL {version} with pgvector {pgvector}, older than {PostgresInstallation.MinimumPgvectorVersion} (no HNSW)");
                }
                else
                {
                    return new PostgresInstallation(root, binDirectory, version, pgvector);
                }
            }
        }

        throw new LocalServersUnavailableException(
            $"PostgreSQL with pgvector >= {PostgresInstallation.MinimumPgvectorVersion}", findings);
    }

    /// <summary>Debian's layout (<c>/usr/lib/postgresql/N/bin</c>, newest first), then <c>pg_config</c>'s answer on the host.</summary>
    private IEnumerable<(string BinDirectory, string ShareDirectory)> PostgresCandidates(ServerRoot root)
    {
        var versionsDirectory = root.HostPath("/usr/lib/postgresql");
        if (Directory.Exists(versionsDirectory))
        {
            var majors = Directory.EnumerateDirectories(versionsDirectory)
                .Select(Path.GetFileName)
                .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : -1)
                .Where(major => major > 0 && File.Exists(root.HostPath($"/usr/lib/postgresql/{major}/bin/postgres")))
                .OrderDescending();
            foreach (var major in majors)
            {
                yield return ($"/usr/lib/postgresql/{major}/bin", $"/usr/share/postgresql/{major}");
            }
        }

        if (root.IsHost && FindOnSearchPath("pg_config") is { } pgConfig)
        {
            var bin = processes.Run(new ProcessCommand(pgConfig, ["--bindir"]), VersionTimeout);
            var share = processes.Run(new ProcessCommand(pgConfig, ["--sharedir"]), VersionTimeout);
            if (bin.Succeeded && share.Succeeded && File.Exists($"{bin.StandardOutput.Trim()}/postgres"))
            {
                yield return (bin.StandardOutput.Trim(), share.StandardOutput.Trim());
            }
        }
    }

    private string? FindOnSearchPath(string program) =>
        (searchPath ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Join(directory, program))
            .FirstOrDefault(File.Exists);

    private static string Describe(ServerRoot root) =>
        root.IsHost ? "this machine's PATH and /usr/lib/postgresql" : Directory.Exists(root.Path) ? root.Path : $"{root.Path} (not set up)";

    private static string Reason(ProcessResult result) =>
        result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
        ?? $"exit code {result.ExitCode}";
}
