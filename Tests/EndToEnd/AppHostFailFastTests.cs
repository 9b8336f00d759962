using System.Diagnostics;
using RedisAspire.AppHost.RunModes;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>The AppHost process on a machine without the servers it needs.</summary>
[Trait("Category", "EndToEnd")]
public sealed class AppHostFailFastTests
{
    [Fact]
    public async Task WithoutRedis8TheAppHostStopsAtOnceSayingWhatToInstall()
    {
        var appHostAssembly = typeof(RunModeSelector).Assembly.Location;
        var emptyPath = Directory.CreateTempSubdirectory("redisaspire-empty-path-").FullName;
        try
        {
            var startInfo = new ProcessStartInfo(Environment.ProcessPath!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                Environment = { ["PATH"] = emptyPath },
            };
            foreach (var argument in new[] { "exec", appHostAssembly, "RunMode=executables", "LocalServers:ServersRoot=/nonexistent/servers" })
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(deadline.Token);

            var message = await error;
            Assert.Equal(1, process.ExitCode);
            Assert.Contains("RedisAspire cannot start in Executables mode (RunMode is set to executables).", message, StringComparison.Ordinal);
            Assert.Contains("Redis >= 8.0 (with Vector Sets) was not found.", message, StringComparison.Ordinal);
            Assert.Contains("/nonexistent/servers (not set up): no redis-server", message, StringComparison.Ordinal);
            Assert.Contains("./eng/setup.sh", message, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", message + await output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(emptyPath);
        }
    }
}
