using System.Globalization;
using RedisAspire.AppHost.LocalServers;

namespace RedisAspire.Tests.Infrastructure;

internal static class ServerDataCleanup
{
    /// <summary>
    /// Deletes the local servers' files once PostgreSQL has stopped: deleting earlier races with its shutdown, which
    /// writes files back. Its process id is the first line of <c>postmaster.pid</c>; a server that was killed leaves
    /// the file behind, so the process itself is watched.
    /// </summary>
    public static async Task DeleteAfterShutdownAsync(string dataDirectory)
    {
        var pidFile = Path.Join(dataDirectory, "postgres", "data", "postmaster.pid");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (PostmasterIsRunning(pidFile) && !deadline.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        ServerDataLayout.Delete(dataDirectory);
    }

    private static bool PostmasterIsRunning(string pidFile)
    {
        try
        {
            var firstLine = File.ReadLines(pidFile).FirstOrDefault();
            return int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Directory.Exists($"/proc/{pid}");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
