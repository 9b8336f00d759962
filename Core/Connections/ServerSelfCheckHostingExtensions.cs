using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RedisAspire.Core.Connections;

/// <summary>Registers the start-up self-check of the servers.</summary>
public static class ServerSelfCheckHostingExtensions
{
    /// <summary><see cref="ServerSelfCheck"/>, logged once at start; needs <c>AddRedisConnections()</c> and <c>AddPostgresDataSource()</c>.</summary>
    public static IServiceCollection AddServerSelfCheck(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ServerSelfCheck>();
        services.AddHostedService<ServerSelfCheckReporter>();
        return services;
    }
}
