using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RedisAspire.Core.Credentials;

namespace RedisAspire.Core.Connections;

/// <summary>Registers the PostgreSQL data source, authenticated by the connection string's password or by Entra ID token.</summary>
public static partial class PostgresHostingExtensions
{
    /// <summary>The section that turns Entra ID on for PostgreSQL (<see cref="EntraOptions"/>).</summary>
    public const string EntraSection = "Postgres:Entra";

    /// <summary>How often the data source asks for the password: cheap, the credential is renewed on its own schedule.</summary>
    internal static readonly TimeSpan PasswordRefresh = TimeSpan.FromMinutes(1);

    /// <summary>How soon the data source asks again after the credential could not give one.</summary>
    internal static readonly TimeSpan PasswordRetry = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The <c>db</c> data source with pgvector types, and, keyed <see cref="PostgresConnectionNames.Read"/>, the one the
    /// cold tier's searches read from: a read replica's when <c>ConnectionStrings:db-read</c> is set (a connection
    /// string that does not parse, or names no host, stops the start with its name), else the <c>db</c> one itself.
    /// With <c>Postgres:Entra</c> set, every new physical connection of either opens with the current secret of one
    /// <see cref="RenewingCredential"/> (keyed <see cref="CredentialKeys.Postgres"/>) as its password, through Npgsql's
    /// periodic password provider; open connections are not affected by a renewal (PostgreSQL checks a password only at
    /// log-in). The user is the connection string's, else the credential's. The replica has no health check of its
    /// own: when it fails, searches go to the primary.
    /// </summary>
    public static IHostApplicationBuilder AddPostgresDataSource(this IHostApplicationBuilder builder, string connectionName = PostgresConnectionNames.Primary) =>
        AddPostgresDataSource(builder, connectionName, PasswordRefresh);

    /// <summary><see cref="AddPostgresDataSource(IHostApplicationBuilder, string)"/> with the data sources asking for the password every <paramref name="passwordRefresh"/>.</summary>
    internal static IHostApplicationBuilder AddPostgresDataSource(this IHostApplicationBuilder builder, string connectionName, TimeSpan passwordRefresh)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Read while registering, not bound as options: they decide what is registered. A bad value throws with its name.
        var entra = builder.Configuration.GetSection(EntraSection).Get<EntraOptions>() ?? new EntraOptions();
        var readName = connectionName + PostgresConnectionNames.ReadSuffix;
        var read = builder.Configuration.GetConnectionString(readName);
        var replica = !string.IsNullOrEmpty(read);
        if (replica)
        {
            ThrowIfNotReplica(readName, read!);
        }

        DeferredCredential? credential = null;
        if (entra.IsConfigured)
        {
            builder.Services.AddRenewingCredential(CredentialKeys.Postgres, EntraScopes.Postgres, entra);
            // Aspire's builder callback has no service provider: the credential is handed over when a data source is made.
            credential = new DeferredCredential();
        }

        builder.AddNpgsqlDataSource(connectionName, configureDataSourceBuilder: dataSource => Configure(dataSource, credential, passwordRefresh));
        credential?.ResolveBefore(builder.Services, serviceKey: null, ResolveCredential);
        if (!replica)
        {
            builder.Services.TryAddKeyedSingleton(PostgresConnectionNames.Read, (services, _) => services.GetRequiredService<NpgsqlDataSource>());
            return builder;
        }

        builder.AddKeyedNpgsqlDataSource(
            readName,
            settings => settings.DisableHealthChecks = true,
            dataSource => Configure(dataSource, credential, passwordRefresh));
        credential?.ResolveBefore(builder.Services, readName, ResolveCredential);
        if (readName != PostgresConnectionNames.Read)
        {
            builder.Services.TryAddKeyedSingleton(PostgresConnectionNames.Read, (services, _) => services.GetRequiredKeyedService<NpgsqlDataSource>(readName));
        }

        return builder;
    }

    /// <summary>pgvector's types, and the credential's user and secret when Entra ID is on.</summary>
    private static void Configure(NpgsqlDataSourceBuilder dataSource, DeferredCredential? credential, TimeSpan passwordRefresh)
    {
        dataSource.UseVector();
        if (credential is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(dataSource.ConnectionStringBuilder.Username))
        {
            dataSource.ConnectionStringBuilder.Username = credential.Value.Get().User;
        }

        dataSource.UsePeriodicPasswordProvider(
            async (_, cancellationToken) =>
            {
                var current = await credential.Value.GetAsync(cancellationToken).ConfigureAwait(false);
                credential.LogTaken(current);
                return current.Secret;
            },
            passwordRefresh,
            PasswordRetry);
    }

    private static (RenewingCredential Credential, ILogger Logger) ResolveCredential(IServiceProvider services) => (
        services.GetRequiredKeyedService<RenewingCredential>(CredentialKeys.Postgres),
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PostgresHostingExtensions).FullName!));

    /// <summary>
    /// Throws, naming <c>ConnectionStrings:<paramref name="name"/></c>, when it does not parse or names no host: found at
    /// start, not at the first search (a replica that cannot be reached is found there, and the primary answers).
    /// </summary>
    private static void ThrowIfNotReplica(string name, string connectionString)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"ConnectionStrings:{name} is not a PostgreSQL connection string: {exception.Message}", exception);
        }

        if (string.IsNullOrWhiteSpace(parsed.Host))
        {
            throw new InvalidOperationException($"ConnectionStrings:{name} names no Host: give the read replica's address, or remove the setting to read from the primary.");
        }
    }

    /// <summary>A credential known once the service provider exists, handed over just before a service that needs it is made.</summary>
    private sealed partial class DeferredCredential
    {
        private RenewingCredential? value;
        private ILogger? logger;
        private DateTimeOffset lastTaken;

        public RenewingCredential Value => value ?? throw new InvalidOperationException("The PostgreSQL credential is used before the data source was made.");

        /// <summary>Logs, once per credential, that new physical connections now log in with it.</summary>
        public void LogTaken(ServerCredential credential)
        {
            if (logger is not null && credential.ExpiresOn != lastTaken)
            {
                lastTaken = credential.ExpiresOn;
                LogCredentialTaken(logger, credential.User, credential.ExpiresOn);
            }
        }

        /// <summary>
        /// Wraps the factory of the last <see cref="NpgsqlDataSource"/> registration under <paramref name="serviceKey"/>
        /// (null: the unkeyed one) so that it sets the credential first.
        /// </summary>
        public void ResolveBefore(IServiceCollection services, string? serviceKey, Func<IServiceProvider, (RenewingCredential Credential, ILogger Logger)> resolve)
        {
            var index = services.Count - 1;
            while (index >= 0 && (services[index].ServiceType != typeof(NpgsqlDataSource) || !Equals(services[index].ServiceKey, serviceKey)))
            {
                index--;
            }

            var original = index >= 0 ? services[index] : null;
            if (serviceKey is null && original?.ImplementationFactory is { } factory)
            {
                services[index] = ServiceDescriptor.Describe(typeof(NpgsqlDataSource), provider =>
                {
                    Resolve(provider, resolve);
                    return factory(provider);
                }, original.Lifetime);
            }
            else if (serviceKey is not null && original?.KeyedImplementationFactory is { } keyedFactory)
            {
                services[index] = new ServiceDescriptor(typeof(NpgsqlDataSource), serviceKey, (provider, key) =>
                {
                    Resolve(provider, resolve);
                    return keyedFactory(provider, key);
                }, original.Lifetime);
            }
            else
            {
                throw new InvalidOperationException($"No factory registration of {nameof(NpgsqlDataSource)} '{serviceKey}' to authenticate.");
            }
        }

        private void Resolve(IServiceProvider provider, Func<IServiceProvider, (RenewingCredential Credential, ILogger Logger)> resolve)
        {
            if (value is null)
            {
                (value, logger) = resolve(provider);
            }
        }

        [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
            Message = "PostgreSQL data source: new connections log in as {User} with the credential that expires at {ExpiresOn:O}")]
        private static partial void LogCredentialTaken(ILogger logger, string user, DateTimeOffset expiresOn);
    }
}
