using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// Every line each resource of an app writes: its process's standard output and error, and what the AppHost logs for
/// it. Started before the app starts, it follows each resource (each replica, under the name the orchestrator gives it)
/// as it appears, and reads its log from the first line.
/// </summary>
internal sealed class ResourceOutputRecorder : IAsyncDisposable
{
    private readonly ResourceLoggerService logs;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, Lazy<Task>> followed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> lines = new(StringComparer.Ordinal);
    private readonly Task watching;

    private ResourceOutputRecorder(DistributedApplication app)
    {
        logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        foreach (var resource in app.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            Follow(resource.Name);
        }

        watching = WatchAsync(notifications);
    }

    /// <summary>Starts recording; call it after the app is built and before it starts, so that no line is missed.</summary>
    public static ResourceOutputRecorder Start(DistributedApplication app) => new(app);

    /// <summary>What each resource (by the name its log is kept under) has written so far, one line after another.</summary>
    public IReadOnlyDictionary<string, string> Output =>
        lines.ToDictionary(resource => resource.Key, resource => string.Join('\n', resource.Value), StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll([watching, .. followed.Values.Select(reader => reader.Value)]);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        stop.Dispose();
    }

    private async Task WatchAsync(ResourceNotificationService notifications)
    {
        await foreach (var change in notifications.WatchAsync(stop.Token))
        {
            Follow(change.ResourceId);
        }
    }

    // One reader per name, however often the name is announced: the lazy value is only started for the entry kept.
    private void Follow(string resourceId) =>
        _ = followed.GetOrAdd(resourceId, id => new Lazy<Task>(() => Task.Run(() => ReadAsync(id)))).Value;

    private async Task ReadAsync(string resourceId)
    {
        var output = lines.GetOrAdd(resourceId, _ => new ConcurrentQueue<string>());
        await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(stop.Token))
        {
            foreach (var line in batch)
            {
                output.Enqueue(line.Content);
            }
        }
    }
}
