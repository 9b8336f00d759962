using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>
/// A whole app of its own whose every output is kept from the start: each resource's console (<see cref="Output"/>),
/// the AppHost's own log (<see cref="AppHostLog"/>), and the logs, traces and metrics each service exports over OTLP
/// (<see cref="Telemetry"/>).
/// </summary>
public sealed class ObservedWholeAppFixture : WholeAppFixture
{
    private readonly LogRecorder appHostLog = new();
    private OtlpReceiver? telemetry;
    private ResourceOutputRecorder? output;

    /// <summary>The services that export telemetry: every project of the AppHost.</summary>
    public IReadOnlyList<string> Services { get; private set; } = [];

    internal OtlpReceiver Telemetry => telemetry ?? throw new InvalidOperationException("The app has not started.");

    internal ResourceOutputRecorder Output => output ?? throw new InvalidOperationException("The app has not started.");

    internal string AppHostLog => appHostLog.Text;

    public override async Task DisposeAsync()
    {
        // Stops following the logs while the app still keeps them.
        if (output is not null)
        {
            await output.DisposeAsync();
        }

        await base.DisposeAsync();

        if (telemetry is not null)
        {
            await telemetry.DisposeAsync();
        }

        appHostLog.Dispose();
    }

    protected override async Task ConfigureAsync(IDistributedApplicationTestingBuilder appHost, CancellationToken cancellationToken)
    {
        telemetry = await OtlpReceiver.StartAsync(cancellationToken);
        appHost.Services.AddLogging(logging => logging.AddProvider(appHostLog));
        var projects = appHost.Resources.OfType<ProjectResource>().ToList();
        Services = [.. projects.Select(project => project.Name)];
        foreach (var project in projects)
        {
            appHost.CreateResourceBuilder(project)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", telemetry.EndpointFor(project.Name))
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                // Every second rather than every few seconds to a minute: a test waits that long for what it did to arrive.
                .WithEnvironment("OTEL_BLRP_SCHEDULE_DELAY", "1000")
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "1000")
                .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "1000");
        }
    }

    protected override void BeforeStart(DistributedApplication builtApp) => output = ResourceOutputRecorder.Start(builtApp);
}
