using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.InteropServices;
using RedisAspire.Tests.Deployment;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// The Api or the Worker of this build as an OS process of its own, as a deployment runs it: its own runtime, its own
/// connections, on a free loopback port, configured by environment variables. A test can kill it (SIGKILL) mid-work.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);
    private const int KeptOutputLines = 200;

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ServiceProcess(string name, Process process, Uri address)
    {
        Name = name;
        this.process = process;
        Address = address;
    }

    /// <summary>Api or Worker.</summary>
    public string Name { get; }

    /// <summary>Where it serves HTTP.</summary>
    public Uri Address { get; }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Its last lines of output, for a failing test's message.</summary>
    public string RecentOutput => string.Join('\n', output);

    /// <summary>
    /// Starts <paramref name="project"/> (Api or Worker) from this build's output with <paramref name="settings"/>
    /// (configuration keys, as <c>ConnectionStrings:cache</c>) and waits until its <c>/alive</c> answers.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string project, IReadOnlyDictionary<string, string> settings)
    {
        var port = ServerProcess.FreePort();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AssemblyOf(project)),
        };
        startInfo.ArgumentList.Add("exec");
        startInfo.ArgumentList.Add(AssemblyOf(project));
        startInfo.Environment["ASPNETCORE_URLS"] = address.ToString();
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var service = new ServiceProcess(project, Process.Start(startInfo)!, address);
        service.process.OutputDataReceived += (_, line) => service.Keep(line.Data);
        service.process.ErrorDataReceived += (_, line) => service.Keep(line.Data);
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        await service.WaitUntilAliveAsync();
        return service;
    }

    /// <summary>A client of the service, calling with <paramref name="token"/> when given.</summary>
    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// SIGTERM, as a platform scaling in or rolling out a new revision sends it, then waits for the exit: how long the
    /// process took to stop, and its exit code.
    /// </summary>
    public async Task<(TimeSpan Took, int ExitCode)> StopAsync(TimeSpan deadline)
    {
        var started = Stopwatch.StartNew();
        if (Kill(process.Id, Terminate) != 0)
        {
            throw new InvalidOperationException($"SIGTERM to {Name} (pid {process.Id}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not stop within {deadline.TotalSeconds:0} s of SIGTERM:\n{RecentOutput}");
        }

        return (started.Elapsed, process.ExitCode);
    }

    /// <summary>SIGKILL: no shutdown, no flush, as a crashed container or a lost machine.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private const int Terminate = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static string AssemblyOf(string project)
    {
        var configuration = typeof(ServiceProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Join(BuildPaths.RepositoryRoot, project, "bin", configuration, "net10.0", $"RedisAspire.{project}.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the solution ({configuration}) first.");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > KeptOutputLines && output.TryDequeue(out _))
        {
        }
    }

    private async Task WaitUntilAliveAsync()
    {
        using var client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(5);
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} while starting:\n{RecentOutput}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/alive", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (started.Elapsed > StartDeadline)
            {
                throw new TimeoutException($"{Name} did not answer /alive within {StartDeadline.TotalSeconds:0} s:\n{RecentOutput}");
            }

            await Task.Delay(100);
        }
    }
}
