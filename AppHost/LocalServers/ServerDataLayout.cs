using System.Security.Cryptography;
using System.Text;

namespace RedisAspire.AppHost.LocalServers;

/// <summary>
/// Where a local server keeps its files. With host binaries that is <c>DATA/NAME</c> (DATA is the git-ignored
/// <c>.data</c> folder by default). A server run from a separate root can only see files inside it, so its files go
/// to <c>ROOT/var/lib/redisaspire/ID/NAME</c> (ID tells data folders apart) and <c>DATA/NAME</c> becomes a link there.
/// </summary>
public static class ServerDataLayout
{
    /// <summary>The server's directory, as a path inside <paramref name="root"/>; creates the link for a separate root.</summary>
    public static string Prepare(ServerRoot root, string dataDirectory, string serverName)
    {
        var hostDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(hostDirectory);
        var local = Path.Join(hostDirectory, serverName);
        if (root.IsHost)
        {
            return local;
        }

        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hostDirectory)))[..12];
        var inRoot = $"/var/lib/redisaspire/{id}/{serverName}";
        if (!Path.Exists(local))
        {
            File.CreateSymbolicLink(local, root.HostPath(inRoot));
        }

        return inRoot;
    }

    /// <summary>Deletes every server's files under <paramref name="dataDirectory"/>, following the links into a separate root.</summary>
    public static void Delete(string dataDirectory)
    {
        var hostDirectory = Path.GetFullPath(dataDirectory);
        if (!Directory.Exists(hostDirectory))
        {
            return;
        }

        foreach (var entry in new DirectoryInfo(hostDirectory).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is { } target)
            {
                DeleteIfExists(target);
                var idDirectory = Path.GetDirectoryName(target)!;
                if (Directory.Exists(idDirectory) && !Directory.EnumerateFileSystemEntries(idDirectory).Any())
                {
                    Directory.Delete(idDirectory);
                }

                File.Delete(entry.FullName); // the link itself, now dangling
            }
            else if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    private static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
