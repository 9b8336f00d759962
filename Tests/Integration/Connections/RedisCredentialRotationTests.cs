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
/// The Redis connections of the services, registered as they register them, with Entra ID replaced by short-lived ACL
/// users that expire as tokens do (the server closes every connection still signed in with one): the token's renewal,
/// re-authentication, the subscriptions' moves and reconnects, against a real server.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisCredentialRotationTests(ITestOutputHelper output)
{
    /// <summary>Renewed at 75%: every 4.5 s, 1.5 s before the server closes what still uses it.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(6);

    private const int Rotations = 3;

    [Fact]
    public async Task ExpiringTokensUnderLoadCloseNoConnectionFailNoCallAndLoseNoMessage()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var server = await RedisServer.StartAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var tokens = new ExpiringRedisTokens(admin, TokenLifetime);
        var host = BuildHost(server, tokens, new RecordingLoggerProvider());
        await using var disposeHost = (IAsyncDisposable)host;
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var subscriptions = Assert.IsType<HandedOverSubscriptions>(host.Services.GetRequiredService<IChannelSubscriptions>());
        var connectionFailures = new ConcurrentQueue<string>();
        redis.ConnectionFailed += (_, failure) => connectionFailures.Enqueue($"{failure.ConnectionType}: {failure.FailureType}");
        var missed = 0;
        subscriptions.MessagesMayHaveBeenMissed += () => Interlocked.Increment(ref missed);

        var channel = RedisChannel.Literal($"rotation:{Guid.NewGuid():N}");
        var received = new ConcurrentDictionary<long, bool>();
        await subscriptions.SubscribeAsync(channel, (_, message) => received.TryAdd((long)message, true), timeout.Token);
        using var stopExpiring = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var expiring = tokens.ExpireAsync(stopExpiring.Token);

        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var failures = new ConcurrentQueue<string>();
        var calls = 0L;
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
                    await redis.GetSubscriber().PublishAsync(channel, number);
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    failures.Enqueue($"PUBLISH: {exception.GetType().Name}: {exception.Message}");
                }

                await Task.Delay(5, CancellationToken.None);
            }
        })).ToList();

        await Eventually.HoldsAsync(() => Task.FromResult(tokens.Expired >= Rotations), TimeSpan.FromSeconds(90),
            $"{Rotations} tokens expired while in use");
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);
        var sent = Interlocked.Read(ref published);
        await Eventually.HoldsAsync(() => Task.FromResult(received.Count == sent), TimeSpan.FromSeconds(10),
            $"all {sent} published messages are received (so far {received.Count})");
        var clients = await ClientsAsync(admin, tokens);
        output.WriteLine($"{tokens.Expired} tokens expired, {tokens.Issued.Count} issued, {subscriptions.HandOvers} moves of the subscriptions, " +
            $"{calls} calls, {sent} messages published and received, connections now: {string.Join(", ", clients)}");

        Assert.Equal(0, tokens.ClosedByExpiry);
        Assert.Empty(failures);
        Assert.Empty(connectionFailures);
        Assert.Equal(0, Volatile.Read(ref missed));
        Assert.True(subscriptions.HandOvers >= Rotations, $"the subscriptions moved {subscriptions.HandOvers} times");
        Assert.True(calls > 1000, $"only {calls} calls were made under rotation");
        Assert.Empty(await AuthenticationFailuresAsync(admin));
        // One command connection and one subscription connection: the commands' multiplexer opens no pub/sub connection.
        Assert.Single(clients, client => client.Subscribed);
        Assert.All(clients, client => Assert.Equal(tokens.Issued[^1].User, client.User));

        // A forced reconnect of everything: both connections come back with the current token, and subscribers hear that
        // messages may have been missed.
        await stopExpiring.CancelAsync();
        await expiring;
        await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "USER", tokens.Issued[^1].User);
        await Eventually.HoldsAsync(async () =>
        {
            var number = Interlocked.Increment(ref published);
            try
            {
                await redis.GetDatabase().StringSetAsync("rotation:after-kill", number);
                await redis.GetSubscriber().PublishAsync(channel, number);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                return false;
            }

            return received.Keys.Any(key => key > sent);
        }, TimeSpan.FromSeconds(30), "commands and the subscription work again after CLIENT KILL USER");

        Assert.True(Volatile.Read(ref missed) >= 1, "subscribers were told that messages may have been missed");
        Assert.DoesNotContain(connectionFailures, failure => failure.Contains(nameof(ConnectionFailureType.AuthenticationFailure), StringComparison.Ordinal));
        Assert.Empty(await AuthenticationFailuresAsync(admin));
    }

    [Fact]
    public async Task WithoutEntraIdTheSubscriptionsShareTheCommandConnectionsMultiplexer()
    {
        await using var server = await RedisServer.StartAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:cache"] = server.ConnectionString });
        builder.AddRedisConnections();
        using var host = builder.Build();

        Assert.IsType<SharedConnectionSubscriptions>(host.Services.GetRequiredService<IChannelSubscriptions>());
    }

    [Fact]
    public async Task AFailingCredentialIsReportedAndRetriedWhileTheConnectionKeepsWorking()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var server = await RedisServer.StartAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var tokens = new ExpiringRedisTokens(admin, TokenLifetime);
        var logs = new RecordingLoggerProvider();
        var host = BuildHost(server, tokens, logs);
        await using var disposeHost = (IAsyncDisposable)host;
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var credential = host.Services.GetRequiredKeyedService<RenewingCredential>(CredentialKeys.Redis);
        var renewals = 0;
        credential.OnRenewed((_, _) =>
        {
            Interlocked.Increment(ref renewals);
            return Task.CompletedTask;
        });

        tokens.FailNext(2);
        var failures = new ConcurrentQueue<string>();
        var calls = 0;
        // Until the renewal after the two refusals (due at 4.5 s, retried after 1 s and 2 s more): the connection works throughout.
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
        output.WriteLine($"{tokens.Failures} refusals, {warnings.Count} warnings, {calls} calls meanwhile; first warning: {warnings.FirstOrDefault()?.Message}");
        Assert.Empty(failures);
        Assert.Equal(2, tokens.Failures);
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, warning => Assert.Contains("could not be renewed", warning.Message, StringComparison.Ordinal));
        Assert.All(warnings, warning => Assert.IsType<InvalidOperationException>(warning.Exception));
        Assert.Equal([1, 2], warnings.Select(warning => warning.Message.Contains("(1 failures", StringComparison.Ordinal) ? 1 : 2));
        Assert.DoesNotContain(logs.Logs, log => tokens.Issued.Any(token => log.Message.Contains(token.Secret, StringComparison.Ordinal)));
        Assert.Equal(1, (int)await redis.GetDatabase().ExecuteAsync("EXISTS", "failing-credential"));
    }

    [Fact]
    public async Task WithAVectorsRedisItsOwnSubscriptionsMoveWithEachRenewalAndLoseNoMessagePublishedThere()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var cache = await RedisServer.StartAsync();
        await using var vectorsServer = await RedisServer.StartAsync();
        await using var cacheAdmin = await ConnectionMultiplexer.ConnectAsync(cache.ConnectionString + ",allowAdmin=true");
        await using var vectorsAdmin = await ConnectionMultiplexer.ConnectAsync(vectorsServer.ConnectionString + ",allowAdmin=true");
        var tokens = new ExpiringRedisTokens(cacheAdmin, TokenLifetime, alsoOn: vectorsAdmin);
        var host = BuildHost(cache, tokens, new RecordingLoggerProvider(), vectorsServer);
        await using var disposeHost = (IAsyncDisposable)host;
        var vectors = host.Services.GetRequiredKeyedService<IConnectionMultiplexer>(RedisConnectionNames.Vectors);
        var subscriptions = Assert.IsType<HandedOverSubscriptions>(host.Services.GetRequiredKeyedService<IChannelSubscriptions>(RedisConnectionNames.Vectors));
        Assert.NotSame(host.Services.GetRequiredService<IChannelSubscriptions>(), subscriptions);

        var channel = RedisChannel.Literal($"wake:{Guid.NewGuid():N}");
        var received = new ConcurrentDictionary<long, bool>();
        await subscriptions.SubscribeAsync(channel, (_, message) => received.TryAdd((long)message, true), timeout.Token);
        using var stopExpiring = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var expiring = tokens.ExpireAsync(stopExpiring.Token);
        var published = 0L;
        while (tokens.Expired < 2)
        {
            // The queue publishes its wake-ups on the vectors connection, from inside its scripts.
            await vectors.GetDatabase().ExecuteAsync("PUBLISH", channel.ToString(), Interlocked.Increment(ref published));
            await Task.Delay(10, timeout.Token);
        }

        await stopExpiring.CancelAsync();
        await expiring;
        await Eventually.HoldsAsync(() => Task.FromResult(received.Count == published), TimeSpan.FromSeconds(10),
            $"all {published} messages published on the vectors Redis are received (so far {received.Count})");

        Assert.True(subscriptions.HandOvers >= 2, $"the subscriptions moved {subscriptions.HandOvers} times");
        Assert.Equal(0, tokens.ClosedByExpiry);
        var subscribers = (RedisResult[])(await vectorsAdmin.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel.ToString()))!;
        Assert.Equal(1, (long)subscribers[1]);
    }

    /// <summary>
    /// The services' own registration, on <paramref name="server"/> with no password in the connection string, and on
    /// <paramref name="vectors"/> as the <c>vectors</c> connection when given.
    /// </summary>
    private static IHost BuildHost(RedisServer server, ExpiringRedisTokens tokens, RecordingLoggerProvider logs, RedisServer? vectors = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = ConfigurationOptions.Parse(server.ConnectionString).EndPoints[0].ToString(),
            ["ConnectionStrings:vectors"] = vectors is null ? null : ConfigurationOptions.Parse(vectors.ConnectionString).EndPoints[0].ToString(),
            ["Redis:Entra:Enabled"] = "true",
        });
        builder.Logging.AddProvider(logs);
        builder.Services.AddKeyedSingleton<IServerCredentialSource>(CredentialKeys.Redis, tokens);
        builder.AddRedisConnections();
        return builder.Build();
    }

    /// <summary>The connections signed in with a token of <paramref name="tokens"/>, and whether each is subscribed.</summary>
    private static async Task<List<RedisClient>> ClientsAsync(IConnectionMultiplexer admin, ExpiringRedisTokens tokens)
    {
        var list = (string?)await admin.GetDatabase().ExecuteAsync("CLIENT", "LIST", "TYPE", "normal") ?? "";
        var pubsub = (string?)await admin.GetDatabase().ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub") ?? "";
        return [.. Parse(list, subscribed: false), .. Parse(pubsub, subscribed: true)];

        IEnumerable<RedisClient> Parse(string clients, bool subscribed) => clients
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ').Select(field => field.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]))
            .Where(fields => tokens.Made(fields.GetValueOrDefault("user")))
            .Select(fields => new RedisClient(fields["user"], subscribed));
    }

    /// <summary>Failed log-ins of the user recorded by the server (<c>ACL LOG</c>, reason <c>auth</c>).</summary>
    private static async Task<List<string>> AuthenticationFailuresAsync(IConnectionMultiplexer admin)
    {
        var entries = (RedisResult[]?)await admin.GetDatabase().ExecuteAsync("ACL", "LOG") ?? [];
        return [.. entries.Select(entry => entry.ToDictionary())
            .Where(entry => (string?)entry["reason"] == "auth")
            .Select(entry => $"{entry["username"]} from {entry["client-info"]}")];
    }

    private sealed record RedisClient(string User, bool Subscribed);
}
