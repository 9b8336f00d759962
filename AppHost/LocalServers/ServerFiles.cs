using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace RedisAspire.AppHost.LocalServers;

/// <summary>Creates the servers' private directories and secret files, owned by the account each server runs as.</summary>
public sealed class ServerFiles(IProcessRunner processes)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>A random password of URL- and connection-string-safe characters.</summary>
    public static string NewPassword() =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Creates <paramref name="pathInRoot"/> (and its parents) readable by <paramref name="owner"/> only.</summary>
    public void CreatePrivateDirectory(ServerRoot root, string pathInRoot, string owner)
    {
        if (!IsSupportedPlatform)
        {
            throw NotSupportedOnWindows();
        }

        if (!Environment.IsPrivilegedProcess)
        {
            Directory.CreateDirectory(root.HostPath(pathInRoot), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(root.HostPath(pathInRoot))!);
        Ensure(processes.Run(root.Command(null, "/usr/bin/install", "-d", "-m", "0700", "-o", owner, "-g", owner, pathInRoot), Timeout),
            $"creating {root.HostPath(pathInRoot)} for {owner}");
    }

    /// <summary>Writes <paramref name="content"/> to a file only <paramref name="owner"/> can read.</summary>
    public void WriteSecret(ServerRoot root, string pathInRoot, string owner, string content)
    {
        if (!IsSupportedPlatform)
        {
            throw NotSupportedOnWindows();
        }

        if (!Environment.IsPrivilegedProcess)
        {
            var hostPath = root.HostPath(pathInRoot);
            File.WriteAllText(hostPath, content);
            File.SetUnixFileMode(hostPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return;
        }

        // Written by the owner itself, so the file never exists with other permissions or another owner.
        var write = root.Command(owner, "/bin/sh", "-c", "umask 077 && cat > \"$1\"", "sh", pathInRoot);
        Ensure(processes.Run(write, Timeout, content), $"writing {root.HostPath(pathInRoot)} for {owner}");
    }

    [UnsupportedOSPlatformGuard("windows")]
    private static bool IsSupportedPlatform => !OperatingSystem.IsWindows();

    private static LocalServersUnavailableException NotSupportedOnWindows() => new(
        "Local executables mode runs on Linux. On Windows, run with a container runtime (RunMode=containers).");

    internal static void Ensure(ProcessResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new LocalServersUnavailableException(
                $"Failed {what}: {(result.StandardError.Trim() is { Length: > 0 } error ? error : $"exit code {result.ExitCode}")}");
        }
    }
}
