using System.Globalization;
using System.Net;
using System.Text.Json;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Api;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Reliability;

/// <summary>
/// Redis at its <c>maxmemory</c> under each kind of eviction policy, with the app running: what the eviction advisor
/// says beforehand, what callers get, and what is evicted. Each test sets the policy and the limit it needs and leaves
/// Redis without a limit.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class MemoryPressureTests(AppOnServers app, ITestOutputHelper output) : IClassFixture<AppOnServers>, IAsyncLifetime
{
    private const int FillerBytes = 64 * 1024;
    // Calls of traffic against the full Redis: 2 to 3 s here.
    private const int PhaseCalls = 150;
    private static readonly TimeSpan Between = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(60);

    private readonly ReliabilityDocument[] documents = ReliabilityDocument.Create("quayside", 8);
    private readonly System.Collections.Concurrent.ConcurrentBag<string> accepted = [];
    private ConnectionMultiplexer admin = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        admin = await ConnectionMultiplexer.ConnectAsync($"{app.Redis.ConnectionString},allowAdmin=true");
        client = app.CreateClient();
        await app.SeedAsync(client, documents);
    }

    public async Task DisposeAsync()
    {
        await Server.ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        await Server.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "noeviction");
        await DeleteFillerAsync();
        client.Dispose();
        await admin.DisposeAsync();
    }

    private IServer Server => admin.GetServers()[0];

    [Fact]
    public async Task UnderNoEvictionAFullRedisRefusesWritesWithA503WhileSearchesAndEmbeddingsAreAnswered()
    {
        await LimitAsync("noeviction", headroomBytes: 4 * 1024 * 1024);
        var warned = await FindingsAsync();
        var filled = await FillAsync(volatileKeys: false);
        var traffic = SteadyTraffic.Start(3, Between, (clientIndex, sequence, token) => (sequence % 3) switch
        {
            0 => AppOnServers.SearchAsync(client, documents[(int)(sequence % documents.Length)], $"{clientIndex}-{sequence}", token),
            1 => AppOnServers.EmbedAsync(client, $"Is the ferry running today? {clientIndex}-{sequence}", token),
            _ => WriteAsync($"full-{clientIndex}-{sequence}", token),
        });
        await traffic.CallsSinceAsync(TimeSpan.Zero, PhaseCalls);
        var calls = await traffic.StopAsync();
        var full = await FindingsAsync();

        output.WriteLine($"noeviction, maxmemory {await MaxMemoryAsync():N0} B, filled with {filled} keys; findings before filling: {string.Join(", ", warned)}; once full: {string.Join(", ", full)}");
        output.WriteLine(TrafficPhases.Table(calls, [new("Redis full", TimeSpan.Zero, traffic.Now)]));
        Assert.Contains("writes-about-to-fail", full);
        Assert.All(calls.Where(call => call.Kind != "write"), call => Assert.True(call.Succeeded, call.ToString()));
        Assert.All(calls.Where(call => call.Kind == "search"), call => Assert.StartsWith("Hot/", call.Detail, StringComparison.Ordinal));

        // A write is refused while Redis is over its limit (memory comes and goes as entries expire), never lost
        // once accepted.
        var writes = calls.Where(call => call.Kind == "write").ToArray();
        Assert.All(writes, call => Assert.True(call.Status == 202 || (call.Status, call.Detail) == (503, "The ingestion queue is full"), call.ToString()));
        Assert.Contains(writes, call => call.Status == 503);
        await DeleteFillerAsync();
        await AppliedAsync();
        var written = await app.WriteAsync(client, ReliabilityDocument.Create("quayside", 1, "after-full"));
        await AppOnServers.CompletedAsync(client, written, RecoveryDeadline);
    }

    [Fact]
    public async Task UnderVolatileLruOnlyEntriesWithATimeToLiveAreEvictedAndTheHotTierAndQueueStay()
    {
        var hotBefore = await HotCountAsync();
        await LimitAsync("volatile-lru", headroomBytes: 4 * 1024 * 1024);
        var findings = await FindingsAsync();
        var evictedBefore = await EvictedKeysAsync();
        await FillAsync(volatileKeys: true, keys: 400);
        var traffic = SteadyTraffic.Start(3, Between, (clientIndex, sequence, token) => (sequence % 2) == 0
            ? AppOnServers.SearchAsync(client, documents[(int)(sequence % documents.Length)], $"{clientIndex}-{sequence}", token)
            : WriteAsync($"volatile-{clientIndex}-{sequence}", token));
        await traffic.CallsSinceAsync(TimeSpan.Zero, PhaseCalls);
        var calls = await traffic.StopAsync();
        var evicted = await EvictedKeysAsync() - evictedBefore;

        output.WriteLine($"volatile-lru, maxmemory {await MaxMemoryAsync():N0} B: {evicted} keys evicted; findings: {string.Join(", ", findings)}");
        output.WriteLine(TrafficPhases.Table(calls, [new("Redis full of volatile keys", TimeSpan.Zero, traffic.Now)]));
        Assert.True(evicted > 0, "keys with a time to live were evicted");
        Assert.DoesNotContain("permanent-keys-evictable", findings);
        Assert.All(calls, call => Assert.True(call.Succeeded, call.ToString()));
        Assert.Equal(hotBefore, await HotCountAsync());

        // The queue's stream never expires, so no accepted write is evicted; an operation's status does expire, and may be.
        await AppliedAsync();
    }

    [Fact]
    public async Task UnderAllKeysLruTheAdvisorWarnsBeforehandAndAnEvictedHotTierIsLoadedAgain()
    {
        await LimitAsync("allkeys-lru", headroomBytes: 4 * 1024 * 1024);
        var findings = await FindingsAsync();
        var evictedBefore = await EvictedKeysAsync();
        await FillAsync(volatileKeys: false, keys: 400);
        var evicted = await EvictedKeysAsync() - evictedBefore;
        var hotAfterFill = await HotCountAsync();

        output.WriteLine($"allkeys-lru, maxmemory {await MaxMemoryAsync():N0} B: {evicted} keys evicted; the hot tier held {hotAfterFill} documents after the fill; findings before it: {string.Join(", ", findings)}");
        Assert.Contains("permanent-keys-evictable", findings);
        Assert.True(evicted > 0, "keys were evicted");

        // Whatever the LRU took, the app answers, and the Worker loads an emptied hot tier again.
        await Eventually.HoldsAsync(() => AppOnServers.AnsweredHotAsync(client, documents[0]), RecoveryDeadline, "searches are answered by the hot tier");
        var written = await app.WriteAsync(client, ReliabilityDocument.Create("quayside", 1, "after-lru"));
        await AppOnServers.CompletedAsync(client, written, RecoveryDeadline);
    }

    /// <summary>Writes a new document; an accepted one is kept to check with <see cref="AppliedAsync"/>.</summary>
    private async Task<TrafficOutcome> WriteAsync(string id, CancellationToken cancellationToken)
    {
        var document = new ReliabilityDocument(id, "inland", "Note", $"Note {id} about the harbour works.");
        var outcome = await AppOnServers.CallAsync(
            client, "write", HttpMethod.Put, $"/documents/{id}", JsonSerializer.Serialize(document.Body, JsonSerializerOptions.Web),
            reply => "accepted", cancellationToken);
        if (outcome.Status == (int)HttpStatusCode.Accepted)
        {
            accepted.Add(id);
        }

        return outcome;
    }

    /// <summary>Waits until every accepted write can be read back from PostgreSQL.</summary>
    private async Task AppliedAsync()
    {
        Assert.NotEmpty(accepted);
        await Eventually.HoldsAsync(
            async () =>
            {
                foreach (var id in accepted)
                {
                    var (status, _, response) = await client.SendAsync(HttpMethod.Get, $"/documents/{id}");
                    response.Dispose();
                    if (status != HttpStatusCode.OK)
                    {
                        return false;
                    }
                }

                return true;
            },
            RecoveryDeadline,
            "every accepted write is applied");
    }

    /// <summary>Sets the policy and a limit of what Redis uses now plus <paramref name="headroomBytes"/>.</summary>
    private async Task LimitAsync(string policy, long headroomBytes)
    {
        await Server.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", policy);
        var used = long.Parse(Info(await Server.InfoAsync("memory"), "used_memory"), CultureInfo.InvariantCulture);
        await Server.ExecuteAsync("CONFIG", "SET", "maxmemory", (used + headroomBytes).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Writes filler keys until Redis refuses one (noeviction) or <paramref name="keys"/> are written; returns how many were.</summary>
    private async Task<int> FillAsync(bool volatileKeys, int keys = int.MaxValue)
    {
        var database = admin.GetDatabase();
        var value = new byte[FillerBytes];
        for (var index = 0; index < keys; index++)
        {
            try
            {
                if (volatileKeys)
                {
                    await database.StringSetAsync($"filler:{index}", value, TimeSpan.FromHours(1));
                }
                else
                {
                    await database.StringSetAsync($"filler:{index}", value);
                }
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("OOM", StringComparison.Ordinal))
            {
                return index;
            }
        }

        return keys;
    }

    private async Task DeleteFillerAsync()
    {
        var keys = Server.Keys(pattern: "filler:*", pageSize: 1000).ToArray();
        if (keys.Length > 0)
        {
            await admin.GetDatabase().KeyDeleteAsync(keys);
        }
    }

    private async Task<string[]> FindingsAsync() =>
        [.. (await client.ExpectAsync(HttpMethod.Get, "/cache/eviction", HttpStatusCode.OK)).GetProperty("findings").EnumerateArray()
            .Select(finding => finding.GetProperty("code").GetString()!)];

    private async Task<long> HotCountAsync() =>
        (await client.ExpectAsync(HttpMethod.Get, "/hotset", HttpStatusCode.OK)).GetProperty("documents").GetInt64();

    private async Task<long> EvictedKeysAsync() =>
        long.Parse(Info(await Server.InfoAsync("stats"), "evicted_keys"), CultureInfo.InvariantCulture);

    private async Task<long> MaxMemoryAsync() =>
        long.Parse(Info(await Server.InfoAsync("memory"), "maxmemory"), CultureInfo.InvariantCulture);

    private static string Info(IGrouping<string, KeyValuePair<string, string>>[] info, string field) =>
        info.SelectMany(group => group).First(pair => pair.Key == field).Value;
}
