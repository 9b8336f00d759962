namespace RedisAspire.Tests.Infrastructure;

/// <summary>A fresh directory under the system's temporary folder, deleted with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("redisaspire-tests-").FullName;

    /// <summary>Creates the file at <paramref name="relativePath"/> (and its directories) with <paramref name="content"/>.</summary>
    public string WriteFile(string relativePath, string content = "")
    {
        var fullPath = System.IO.Path.Join(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        File.WriteAllText(fullPath, content);
        return fullPath;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server that has not quite exited may still hold a file; the system cleans its temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Files created by another account (a server's own) may not be deletable by this one.
        }
    }
}
