using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// An OTLP/HTTP (protobuf) endpoint on 127.0.0.1 that keeps every export request's body as it came. Strings in protobuf
/// are plain UTF-8, so a search of the bodies finds any value a service put in its logs, spans or metrics. Each service
/// is given an endpoint of its own (<see cref="EndpointFor"/>), so the path a body arrives on says whose it is.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<OtlpExport> exports = new();
    private Uri address = null!;

    private OtlpReceiver(WebApplication app) => this.app = app;

    /// <summary>Every export received so far, in arrival order.</summary>
    public IReadOnlyList<OtlpExport> Exports => [.. exports];

    public static async Task<OtlpReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/{service}/v1/{signal}", receiver.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        receiver.address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return receiver;
    }

    /// <summary>
    /// The value of <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> for <paramref name="service"/>: the exporter appends
    /// <c>/v1/logs</c>, <c>/v1/traces</c> and <c>/v1/metrics</c> to it.
    /// </summary>
    public string EndpointFor(string service) => new Uri(address, service).ToString();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(string service, string signal, HttpContext context)
    {
        using var copy = new MemoryStream();
        if (context.Request.Headers.ContentEncoding.ToString() == "gzip")
        {
            await using var unzipped = new GZipStream(context.Request.Body, CompressionMode.Decompress, leaveOpen: true);
            await unzipped.CopyToAsync(copy, context.RequestAborted);
        }
        else
        {
            await context.Request.Body.CopyToAsync(copy, context.RequestAborted);
        }

        exports.Enqueue(new OtlpExport(service, signal, DateTimeOffset.UtcNow, copy.ToArray()));

        // An empty Export*ServiceResponse: everything was accepted.
        return Results.Bytes([], "application/x-protobuf");
    }
}
