using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Credentials;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Connections;

/// <summary>
/// The Redis connection of the services, registered as they register it, with Entra ID replaced by an ACL user whose
/// password is rotated every few seconds: the token's renewal, re-authentication and reconnects, against a real server.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisCredentialRotationTests(ITestOutputHelper output)
{
    private const string User = "app";

    /// <summary>Renewed at 75%: every 2.25 s.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(3);

    private const int Rotations = 5;

    [Fact]
    public async Task RotatingTheTokenUnderLoadFailsNoCallLosesNoMessageAndReconnectsWithTheCurrentOne()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var server = await RedisServer.StartAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var passwords = new RotatingRedisPasswords(admin, User, TokenLifetime);
        await passwords.CreateUserAsync();
        await using var monitor = await RedisMonitor.StartAsync(server.ConnectionString, timeout.Token);
        var host = BuildHost(server, passwords, new RecordingLoggerProvider());
        await using var disposeHost = (IAsyncDisposable)host;
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var credential = host.Services.GetRequiredKeyedService<RenewingCredential>(CredentialKeys.Redis);
        var connectionFailures = new ConcurrentQueue<ConnectionFailureType>();
        redis.ConnectionFailed += (_, failure) => connectionFailures.Enqueue(failure.FailureType);

        // Both connections (interactive and subscription) authenticated at connect; AUTH seen after this mark is a re-authentication.
        await Eventually.HoldsAsync(async () => (await ClientsOfUserAsync(admin)).All(client => monitor.AuthenticatedClients.Contains(client.Address)),
            TimeSpan.FromSeconds(10), "the monitor sees the first authentication of every connection");
        var mark = monitor.Count;

        var rotations = 0;
        var notReauthenticated = new ConcurrentQueue<string>();
        // After the client took a new password, each live interactive connection must have sent AUTH; only then is
        // the previous password removed, so a connection still on it could not reconnect.
        credential.OnRenewed(async (_, cancellationToken) =>
        {
            var interactive = (await ClientsOfUserAsync(admin)).Where(client => !client.Subscribed).Select(client => client.Address).ToList();
            var since = mark;
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (interactive.Except(monitor.AuthenticatedClients.Skip(since)).Any() && waited.Elapsed < TimeSpan.FromSeconds(15))
            {
                // MONITOR's stream trails the server a little.
                await Task.Delay(10, cancellationToken);
            }

            foreach (var client in interactive.Except(monitor.AuthenticatedClients.Skip(since)))
            {
                notReauthenticated.Enqueue(client);
            }

            mark = monitor.Count;
            await passwords.RemoveAsync(passwords.Issued[^2]);
            Interlocked.Increment(ref rotations);
        });

        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var failures = new ConcurrentQueue<string>();
        var calls = 0L;
        var channel = RedisChannel.Literal($"rotation:{Guid.NewGuid():N}");
        var received = new ConcurrentDictionary<long, bool>();
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(channel, (_, message) => received.TryAdd((long)message, true));
        var published = 0L;

        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var database = redis.GetDatabase();
            for (var i = 0; !stopLoad.IsCancellationRequested; i++)
            {
                var key = $"rotation:{worker}:{i % 50}";
                try
                {
                    await database.StringSetAsync(key, i);
                    if ((int)await database.StringGetAsync(key) != i)
                    {
                        failures.Enqueue($"{key} did not read back {i}");
                    }

                    Interlocked.Add(ref calls, 2);
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    failures.Enqueue($"{exception.GetType().Name}: {exception.Message}");
                }

                // Steady load that leaves the two cores room for the server and the renewals.
                await Task.Delay(2, CancellationToken.None);
            }
        })).Append(Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                var number = Interlocked.Increment(ref published);
                try
                {
                    await subscriber.PublishAsync(channel, number);
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    failures.Enqueue($"PUBLISH: {exception.GetType().Name}: {exception.Message}");
                }

                await Task.Delay(5, CancellationToken.None);
            }
        })).ToList();

        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref rotations) >= Rotations), TimeSpan.FromSeconds(60),
            $"{Rotations} rotations");
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);
        var sent = Interlocked.Read(ref published);
        await Eventually.HoldsAsync(() => Task.FromResult(received.Count == sent), TimeSpan.FromSeconds(10),
            $"all {sent} published messages are received (so far {received.Count})");
        output.WriteLine($"{rotations} rotations, {passwords.Issued.Count} passwords issued, {calls} calls, {sent} messages published, {received.Count} received, {monitor.Count} AUTH commands seen");

        Assert.Empty(failures);
        Assert.Empty(notReauthenticated);
        Assert.Empty(connectionFailures);
        Assert.True(calls > 1000, $"only {calls} calls were made under rotation");
        Assert.Empty(await AuthenticationFailuresAsync(admin));

        // A forced reconnect: only the newest password is still accepted, and both connections come back with it.
        await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "USER", User);
        await Eventually.HoldsAsync(async () =>
        {
            var number = Interlocked.Increment(ref published);
            try
            {
                await redis.GetDatabase().StringSetAsync("rotation:after-kill", number);
                await subscriber.PublishAsync(channel, number);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                return false;
            }

            return received.Count(entry => entry.Key > sent) > 0;
        }, TimeSpan.FromSeconds(30), "commands and the subscription work again after CLIENT KILL USER");

        var reconnected = await ClientsOfUserAsync(admin);
        output.WriteLine($"after the kill: {reconnected.Count} connections of {User}, failures seen: {string.Join(", ", connectionFailures)}");
        Assert.Contains(reconnected, client => client.Subscribed);
        Assert.Contains(reconnected, client => !client.Subscribed);
        Assert.DoesNotContain(ConnectionFailureType.AuthenticationFailure, connectionFailures);
        Assert.Empty(await AuthenticationFailuresAsync(admin));
    }

    [Fact]
    public async Task AFailingCredentialIsReportedAndRetriedWhileTheConnectionKeepsWorking()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var server = await RedisServer.StartAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var passwords = new RotatingRedisPasswords(admin, User, TokenLifetime);
        await passwords.CreateUserAsync();
        var logs = new RecordingLoggerProvider();
        var host = BuildHost(server, passwords, logs);
        await using var disposeHost = (IAsyncDisposable)host;
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var credential = host.Services.GetRequiredKeyedService<RenewingCredential>(CredentialKeys.Redis);
        var renewals = 0;
        credential.OnRenewed((_, _) =>
        {
            Interlocked.Increment(ref renewals);
            return Task.CompletedTask;
        });

        passwords.FailNext(2);
        var failures = new ConcurrentQueue<string>();
        var calls = 0;
        // Until the renewal after the two refusals (due at 2.25 s, retried after 1 s and 2 s more): the connection works throughout.
        while (Volatile.Read(ref renewals) == 0)
        {
            timeout.Token.ThrowIfCancellationRequested();
            try
            {
                await redis.GetDatabase().StringSetAsync("failing-credential", calls);
                calls++;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                failures.Enqueue(exception.Message);
            }

            await Task.Delay(10, CancellationToken.None);
        }

        var warnings = logs.Logs.Where(log => log.Level == LogLevel.Warning && log.Category.EndsWith(nameof(RenewingCredential), StringComparison.Ordinal)).ToList();
        output.WriteLine($"{passwords.Failures} refusals, {warnings.Count} warnings, {calls} calls meanwhile; first warning: {warnings.FirstOrDefault()?.Message}");
        Assert.Empty(failures);
        Assert.Equal(2, passwords.Failures);
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, warning => Assert.Contains("could not be renewed", warning.Message, StringComparison.Ordinal));
        Assert.All(warnings, warning => Assert.IsType<InvalidOperationException>(warning.Exception));
        Assert.Equal([1, 2], warnings.Select(warning => warning.Message.Contains("(1 failures", StringComparison.Ordinal) ? 1 : 2));
        Assert.DoesNotContain(logs.Logs, log => passwords.Issued.Any(password => log.Message.Contains(password, StringComparison.Ordinal)));
        Assert.Equal(1, (int)await redis.GetDatabase().ExecuteAsync("EXISTS", "failing-credential"));
    }

    /// <summary>The services' own registration, on <paramref name="server"/> with no password in the connection string.</summary>
    private static IHost BuildHost(RedisServer server, RotatingRedisPasswords passwords, RecordingLoggerProvider logs)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = ConfigurationOptions.Parse(server.ConnectionString).EndPoints[0].ToString(),
            ["Redis:Entra:Enabled"] = "true",
        });
        builder.Logging.AddProvider(logs);
        builder.Services.AddKeyedSingleton<IServerCredentialSource>(CredentialKeys.Redis, passwords);
        builder.AddRedisConnections();
        return builder.Build();
    }

    private static async Task<List<RedisClient>> ClientsOfUserAsync(IConnectionMultiplexer admin)
    {
        var list = (string?)await admin.GetDatabase().ExecuteAsync("CLIENT", "LIST", "TYPE", "normal") ?? "";
        var pubsub = (string?)await admin.GetDatabase().ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub") ?? "";
        return [.. Parse(list, subscribed: false), .. Parse(pubsub, subscribed: true)];

        static IEnumerable<RedisClient> Parse(string clients, bool subscribed) => clients
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ').Select(field => field.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]))
            .Where(fields => fields.GetValueOrDefault("user") == User)
            .Select(fields => new RedisClient(fields["addr"], subscribed));
    }

    /// <summary>Failed log-ins of the user recorded by the server (<c>ACL LOG</c>, reason <c>auth</c>).</summary>
    private static async Task<List<string>> AuthenticationFailuresAsync(IConnectionMultiplexer admin)
    {
        var entries = (RedisResult[]?)await admin.GetDatabase().ExecuteAsync("ACL", "LOG") ?? [];
        return [.. entries.Select(entry => entry.ToDictionary())
            .Where(entry => (string?)entry["reason"] == "auth")
            .Select(entry => $"{entry["username"]} from {entry["client-info"]}")];
    }

    private sealed record RedisClient(string Address, bool Subscribed);
}
