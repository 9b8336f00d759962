using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RedisAspire.AppHost.LocalServers;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>A server process started from a command and a port, which a test can stop and start again on that port.</summary>
internal sealed class ServerProcess(ProcessCommand commandBeforePort, int port) : IAsyncDisposable
{
    private Process? process;

    public int Port { get; } = port;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Start()
    {
        var startInfo = new ProcessStartInfo(commandBeforePort.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in commandBeforePort.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add(Port.ToString(CultureInfo.InvariantCulture));
        process = Process.Start(startInfo)!;
        // Drained so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// SIGTERM (PostgreSQL shuts down cleanly on it, once its clients have left), or <paramref name="signal"/>; SIGKILL
    /// if it has not exited in time.
    /// </summary>
    public async Task StopAsync(string signal = "TERM")
    {
        if (process is null)
        {
            return;
        }

        using (process)
        {
            if (!process.HasExited)
            {
                using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync();
                }

                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await process.WaitForExitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }

        process = null;
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
