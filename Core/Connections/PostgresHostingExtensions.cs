using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
    /// The <c>db</c> data source with pgvector types. With <c>Postgres:Entra</c> set, every new physical connection opens
    /// with the current secret of a <see cref="RenewingCredential"/> (keyed <see cref="CredentialKeys.Postgres"/>) as its
    /// password, through Npgsql's periodic password provider; open connections are not affected by a renewal (PostgreSQL
    /// checks a password only at log-in). The user is the connection string's, else the credential's.
    /// </summary>
    public static IHostApplicationBuilder AddPostgresDataSource(this IHostApplicationBuilder builder, string connectionName = "db") =>
        AddPostgresDataSource(builder, connectionName, PasswordRefresh);

    /// <summary><see cref="AddPostgresDataSource(IHostApplicationBuilder, string)"/> with the data source asking for the password every <paramref name="passwordRefresh"/>.</summary>
    internal static IHostApplicationBuilder AddPostgresDataSource(this IHostApplicationBuilder builder, string connectionName, TimeSpan passwordRefresh)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Read while registering, not bound as options: it decides what is registered. A bad value throws with its name.
        var entra = builder.Configuration.GetSection(EntraSection).Get<EntraOptions>() ?? new EntraOptions();
        if (!entra.IsConfigured)
        {
            builder.AddNpgsqlDataSource(connectionName, configureDataSourceBuilder: dataSource => dataSource.UseVector());
            return builder;
        }

        builder.Services.AddRenewingCredential(CredentialKeys.Postgres, EntraScopes.Postgres, entra);
        // Aspire's builder callback has no service provider: the credential is handed over when the data source is made.
        var credential = new DeferredCredential();
        builder.AddNpgsqlDataSource(connectionName, configureDataSourceBuilder: dataSource =>
        {
            dataSource.UseVector();
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
        });
        credential.ResolveBefore<NpgsqlDataSource>(builder.Services, services => (
            services.GetRequiredKeyedService<RenewingCredential>(CredentialKeys.Postgres),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PostgresHostingExtensions).FullName!)));
        return builder;
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

        /// <summary>Wraps the factory of the last <typeparamref name="TService"/> registration so that it sets the credential first.</summary>
        public void ResolveBefore<TService>(IServiceCollection services, Func<IServiceProvider, (RenewingCredential Credential, ILogger Logger)> resolve)
        {
            var index = services.Count - 1;
            while (index >= 0 && (services[index].ServiceType != typeof(TService) || services[index].IsKeyedService))
            {
                index--;
            }

            var original = index >= 0 ? services[index] : null;
            if (original?.ImplementationFactory is not { } factory)
            {
                throw new InvalidOperationException($"No factory registration of {typeof(TService).Name} to authenticate.");
            }

            services[index] = ServiceDescriptor.Describe(typeof(TService), provider =>
            {
                if (value is null)
                {
                    (value, logger) = resolve(provider);
                }

                return factory(provider);
            }, original.Lifetime);
        }

        [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
            Message = "PostgreSQL data source: new connections log in as {User} with the credential that expires at {ExpiresOn:O}")]
        private static partial void LogCredentialTaken(ILogger logger, string user, DateTimeOffset expiresOn);
    }
}
