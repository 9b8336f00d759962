using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RedisAspire.AppHost.DataServers;
using RedisAspire.AppHost.Identity;
using RedisAspire.AppHost.Ingestion;
using RedisAspire.AppHost.LocalServers;
using RedisAspire.AppHost.RunModes;

// The services serve plain HTTP on loopback: no development certificate is needed, nor asked for.
#pragma warning disable ASPIRECERTIFICATES001

var builder = DistributedApplication.CreateBuilder(args);

// Publishing (azd) always describes containers; running picks what this machine can do.
var runMode = builder.ExecutionContext.IsPublishMode
    ? new RunModeDecision(RunMode.Containers, "publishing")
    : RunModeSelector.Choose(
        builder.Configuration[RunModeSelector.SettingName],
        () => new ContainerRuntimeProbe(new ProcessRunner()).Probe(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"]));

DataServers servers;
try
{
    servers = runMode.Mode == RunMode.Containers ? builder.AddContainerDataServers() : builder.AddLocalDataServers();
}
catch (LocalServersUnavailableException exception)
{
    Console.Error.WriteLine($"RedisAspire cannot start in {runMode.Mode} mode ({runMode.Reason}).");
    Console.Error.WriteLine(exception.Message);
    return 1;
}

builder.Eventing.Subscribe<BeforeStartEvent>((startEvent, _) =>
{
    startEvent.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RedisAspire.AppHost")
        .LogInformation("Run mode: {RunMode} ({Reason})", runMode.Mode, runMode.Reason);
    return Task.CompletedTask;
});

// Tokens for local callers: the Api trusts this run's development issuer, the dashboard signs its own tokens with it.
var signingKey = builder.AddDevelopmentSigningKey();

var api = servers.ReferencedRedisBy(builder.AddProject<Projects.Api>("api"))
    .WithDevelopmentSigningKey(signingKey)
    // A Redis of our own (either run mode) may have its eviction policy changed from the dashboard; in Azure it is a
    // resource setting.
    .WithEnvironment("ResultCache__Eviction__AllowPolicyChanges", (!builder.ExecutionContext.IsPublishMode).ToString())
    .WithReference(servers.Database).WaitFor(servers.Database)
    .WithFolderImportRoot()
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithoutHttpsCertificate();

servers.ReferencedRedisBy(builder.AddProject<Projects.Worker>("worker"))
    .WithReference(servers.Database).WaitFor(servers.Database)
    .WithHttpHealthCheck("/health")
    .WithoutHttpsCertificate();

builder.AddProject<Projects.Web>("web")
    .WithDevelopmentSigningKey(signingKey)
    .WithReference(api).WaitFor(api)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithoutHttpsCertificate();

builder.Build().Run();
return 0;
