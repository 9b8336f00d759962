using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Credentials;
using StackExchange.Redis;

namespace RedisAspire.Core.Connections;

/// <summary>Registers the Redis connections, authenticated by key, by Entra ID token, or not at all.</summary>
public static class RedisConnectionsHostingExtensions
{
    /// <summary>The section that turns Entra ID on for every Redis connection (<see cref="EntraOptions"/>).</summary>
    public const string EntraSection = "Redis:Entra";

    /// <summary>
    /// The <c>cache</c> connection as the unkeyed <see cref="IConnectionMultiplexer"/>, and the <c>vectors</c> connection
    /// keyed <see cref="RedisConnectionNames.Vectors"/>: its own when <c>ConnectionStrings:vectors</c> is set, else the
    /// <c>cache</c> one. With <c>Redis:Entra</c> set, both authenticate with a <see cref="RenewingCredential"/> (keyed
    /// <see cref="CredentialKeys.Redis"/>) from the registered <see cref="IServerCredentialSource"/> of that key, Entra ID
    /// unless the host registered its own first, and channel subscriptions move to a new connection with each renewal
    /// (<see cref="HandedOverSubscriptions"/>); without it they share the <c>cache</c> connection's pub/sub connection.
    /// The <c>vectors</c> connection's own subscriptions (keyed like it) carry what is published there, the ingestion
    /// queue's wake-ups.
    /// </summary>
    public static IHostApplicationBuilder AddRedisConnections(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Read while registering, not bound as options: it decides what is registered. A bad value throws with its name.
        var entra = builder.Configuration.GetSection(EntraSection).Get<EntraOptions>() ?? new EntraOptions();
        if (entra.IsConfigured)
        {
            builder.Services.AddRenewingCredential(CredentialKeys.Redis, EntraScopes.Redis, entra);
        }

        builder.AddRedisClient(RedisConnectionNames.Cache);
        if (entra.IsConfigured)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<IChannelSubscriptions>(services => HandedOver(services, Options.DefaultName)));
        }
        else
        {
            builder.Services.TryAddChannelSubscriptions();
        }

        builder.Services.AddOptions<ConfigurationOptions>(Options.DefaultName)
            .Configure<IServiceProvider>((options, services) =>
                AuthenticateWithCredential(options, services, entra, services => services.GetRequiredService<IConnectionMultiplexer>()));

        if (builder.Configuration.GetConnectionString(RedisConnectionNames.Vectors) is { Length: > 0 })
        {
            builder.AddKeyedRedisClient(RedisConnectionNames.Vectors);
            builder.Services.AddOptions<ConfigurationOptions>(RedisConnectionNames.Vectors)
                .Configure<IServiceProvider>((options, services) => AuthenticateWithCredential(options, services, entra,
                    services => services.GetRequiredKeyedService<IConnectionMultiplexer>(RedisConnectionNames.Vectors)));
            builder.Services.AddKeyedSingleton<IChannelSubscriptions>(RedisConnectionNames.Vectors, (services, _) => entra.IsConfigured
                ? HandedOver(services, RedisConnectionNames.Vectors)
                : new SharedConnectionSubscriptions(services.GetRequiredKeyedService<IConnectionMultiplexer>(RedisConnectionNames.Vectors)));
        }
        else
        {
            builder.Services.TryAddKeyedSingleton(RedisConnectionNames.Vectors,
                (services, _) => services.GetRequiredService<IConnectionMultiplexer>());
        }

        return builder;
    }

    /// <summary>
    /// Registers, keyed <paramref name="key"/>, the Entra ID credential source (unless the host registered one) and a
    /// <see cref="RenewingCredential"/> for <paramref name="scope"/> over it.
    /// </summary>
    internal static IServiceCollection AddRenewingCredential(this IServiceCollection services, string key, string scope, EntraOptions entra)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<IServerCredentialSource>(key, (_, _) => EntraTokenSource.For(entra));
        services.TryAddKeyedSingleton(key, (provider, _) => new RenewingCredential(
            provider.GetRequiredKeyedService<IServerCredentialSource>(key),
            scope,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<RenewingCredential>()));
        return services;
    }

    /// <summary>
    /// Registers, unless the host registered its own, <see cref="IChannelSubscriptions"/> on the pub/sub connection of
    /// the registered <see cref="IConnectionMultiplexer"/>.
    /// </summary>
    public static IServiceCollection TryAddChannelSubscriptions(this IServiceCollection services)
    {
        services.TryAddSingleton<IChannelSubscriptions>(provider =>
            new SharedConnectionSubscriptions(provider.GetRequiredService<IConnectionMultiplexer>()));
        return services;
    }

    // Subscriptions of the connection whose options are named optionsName, moved to a new connection at each renewal.
    private static HandedOverSubscriptions HandedOver(IServiceProvider services, string optionsName)
    {
        var credential = services.GetRequiredKeyedService<RenewingCredential>(CredentialKeys.Redis);
        var subscriptions = new HandedOverSubscriptions(
            services.GetRequiredService<IOptionsMonitor<ConfigurationOptions>>().Get(optionsName),
            credential,
            services.GetRequiredService<ILogger<HandedOverSubscriptions>>());
        credential.OnRenewed(subscriptions.HandOverAsync);
        return subscriptions;
    }

    private static void AuthenticateWithCredential(
        ConfigurationOptions options, IServiceProvider services, EntraOptions entra, Func<IServiceProvider, IConnectionMultiplexer> connection)
    {
        if (!entra.IsConfigured)
        {
            return;
        }

        var credential = services.GetRequiredKeyedService<RenewingCredential>(CredentialKeys.Redis);
        HandedOverSubscriptions.WithoutPubSub(options);
        // The connection is made right after these options, synchronously: the first token is fetched here.
        RedisCredentialRenewal.UseFor(options, credential.Get());
        credential.OnRenewed((renewed, cancellationToken) =>
            RedisCredentialRenewal.RenewAsync(options, connection(services), renewed, cancellationToken));
    }
}
