using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RedisAspire.Benchmarks.Load;

/// <summary>
/// The Api or the Worker of the Release build (<c>eng/benchmark.sh --load</c> builds them) as a process of its own on a
/// free loopback port, configured by environment variables as a deployment configures it.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(2);

    private readonly Process process;

    private AppProcess(string name, Process process, Uri address)
    {
        Name = name;
        this.process = process;
        Address = address;
    }

    public string Name { get; }

    public Uri Address { get; }

    public int Id => process.Id;

    /// <summary>Starts <paramref name="project"/> with <paramref name="settings"/> (configuration keys) and waits for its <c>/alive</c>.</summary>
    public static async Task<AppProcess> StartAsync(string project, IReadOnlyDictionary<string, string> settings)
    {
        var assembly = Path.GetFullPath(Path.Join(project, "bin", "Release", "net10.0", $"RedisAspire.{project}.dll"));
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is missing: run ./eng/benchmark.sh --load, which builds it.");
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}");
        listener.Stop();

        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(assembly) };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var app = new AppProcess(project, Process.Start(start)!, address);
        app.process.OutputDataReceived += (_, _) => { };
        app.process.ErrorDataReceived += (_, _) => { };
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (app.process.HasExited)
            {
                throw new InvalidOperationException($"{project} exited with {app.process.ExitCode} while starting.");
            }

            try
            {
                if ((await client.GetAsync(new Uri("/alive", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (watch.Elapsed > StartDeadline)
            {
                throw new TimeoutException($"{project} did not answer /alive within {StartDeadline.TotalMinutes:0} minutes.");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
