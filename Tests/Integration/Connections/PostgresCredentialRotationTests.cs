using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Credentials;
using RedisAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Connections;

/// <summary>
/// The services' PostgreSQL data source, registered as they register it, with Entra ID replaced by a role whose
/// password is changed every few seconds: the periodic password provider against a real server.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PostgresCredentialRotationTests(ITestOutputHelper output)
{
    /// <summary>Renewed at 75%: every 2.25 s.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(3);

    /// <summary>The data source asks for the password this often (a minute in the services).</summary>
    private static readonly TimeSpan PasswordRefresh = TimeSpan.FromMilliseconds(100);

    private const int Rotations = 5;

    private const int Workers = 4;

    [Fact]
    public async Task RotatingThePasswordUnderLoadFailsNoQueryAndNewConnectionsLogInWithTheNewOne()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var server = await PostgresServer.StartAsync();
        var role = $"rotating_{Guid.NewGuid():N}"[..20];
        var passwords = new RotatingPostgresPasswords(server.ConnectionString, role, TokenLifetime);
        await passwords.CreateRoleAsync(timeout.Token);
        var logs = new RecordingLoggerProvider();
        var host = BuildHost(server, role, passwords, logs);
        await using var disposeHost = (IAsyncDisposable)host;
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        var credential = host.Services.GetRequiredKeyedService<RenewingCredential>(CredentialKeys.Postgres);

        var rotations = 0;
        // A role has one password: the new one replaced the old at once. Open sessions keep working; once the data
        // source took the new password, its connections are closed so that the next queries log in again with it.
        credential.OnRenewed(async (renewed, cancellationToken) =>
        {
            var taken = renewed.ExpiresOn.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!logs.Logs.Any(log => log.Message.Contains(taken, StringComparison.Ordinal)) && waited.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(10, cancellationToken);
            }

            dataSource.Clear();
            Interlocked.Increment(ref rotations);
        });

        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var failures = new ConcurrentQueue<string>();
        var backends = new ConcurrentDictionary<int, bool>();
        var queries = 0L;
        var load = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                try
                {
                    await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
                    await using var query = new NpgsqlCommand("SELECT pg_backend_pid(), current_user", connection);
                    await using var reader = await query.ExecuteReaderAsync(CancellationToken.None);
                    await reader.ReadAsync(CancellationToken.None);
                    backends.TryAdd(reader.GetInt32(0), true);
                    if (reader.GetString(1) != role)
                    {
                        failures.Enqueue($"logged in as {reader.GetString(1)}");
                    }

                    Interlocked.Increment(ref queries);
                }
                catch (NpgsqlException exception)
                {
                    failures.Enqueue($"{exception.GetType().Name} {(exception as PostgresException)?.SqlState}: {exception.Message}");
                }

                await Task.Delay(2, CancellationToken.None);
            }
        })).ToList();

        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref rotations) >= Rotations), TimeSpan.FromSeconds(60), $"{Rotations} rotations");
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);
        output.WriteLine($"{rotations} rotations, {passwords.Issued.Count} passwords, {queries} queries, {backends.Count} physical connections, failures: {failures.Count}");

        Assert.Empty(failures);
        Assert.True(queries > 500, $"only {queries} queries ran under rotation");
        // Each rotation closed the pool's connections, and the workers logged in again.
        Assert.True(backends.Count > Workers * Rotations / 2, $"only {backends.Count} physical connections were opened");

        // The earlier passwords are refused, so the connections opened after the rotations used the newest.
        var previous = passwords.Issued[^2];
        var refused = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString)
            {
                Password = previous,
                Pooling = false,
            }.ConnectionString);
            await connection.OpenAsync(timeout.Token);
        });
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        dataSource.Clear();
        await using var fresh = await dataSource.OpenConnectionAsync(timeout.Token);
        await using var whoAmI = new NpgsqlCommand("SELECT current_user", fresh);
        Assert.Equal(role, (string?)await whoAmI.ExecuteScalarAsync(timeout.Token));
    }

    /// <summary>The services' own registration, with no password in the connection string.</summary>
    private static IHost BuildHost(PostgresServer server, string role, RotatingPostgresPasswords passwords, RecordingLoggerProvider logs)
    {
        var connection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Username = role, Password = null, MaxPoolSize = Workers };
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:db"] = connection.ConnectionString,
            ["Postgres:Entra:Enabled"] = "true",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.Services.AddKeyedSingleton<IServerCredentialSource>(CredentialKeys.Postgres, passwords);
        builder.AddPostgresDataSource("db", PasswordRefresh);
        return builder.Build();
    }
}
