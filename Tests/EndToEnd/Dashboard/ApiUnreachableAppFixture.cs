using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace RedisAspire.Tests.EndToEnd.Dashboard;

/// <summary>
/// A whole app of its own whose dashboard finds, where the Api should be, a loopback port nothing listens on: what it
/// meets when the Api process is down. (Stopping the api resource instead is not dependable on a loaded machine: the
/// stop command gives up while the Api is still shutting down, and the endpoint's proxy then keeps accepting calls
/// that never get an answer.)
/// </summary>
public sealed class ApiUnreachableAppFixture : WholeAppFixture
{
    /// <summary>The address the dashboard is given for the Api.</summary>
    public Uri ApiAddress { get; } = new($"http://127.0.0.1:{UnusedPort()}");

    /// <summary>The dashboard's address.</summary>
    public Uri Dashboard => App.GetEndpoint("web", "http");

    protected override Task ConfigureAsync(IDistributedApplicationTestingBuilder appHost, CancellationToken cancellationToken)
    {
        var web = appHost.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "web");
        // Set after the AppHost's reference to the api, so it replaces the address service discovery would give.
        appHost.CreateResourceBuilder(web).WithEnvironment("services__api__http__0", ApiAddress.ToString());
        return Task.CompletedTask;
    }

    /// <summary>A port the system just handed out and took back: free, and not one a server of the app is given.</summary>
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
