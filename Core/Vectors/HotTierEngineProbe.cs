using Microsoft.Extensions.Hosting;

namespace RedisAspire.Core.Vectors;

/// <summary>At start-up, probes Redis and chooses the hot tier's engine: a server that cannot hold it stops the host.</summary>
internal sealed class HotTierEngineProbe(VectorHotTier hotTier) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => hotTier.ChooseEngineAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
