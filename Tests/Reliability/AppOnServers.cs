using System.Net;
using System.Text.Json;
using RedisAspire.ServiceDefaults.Identity;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Api;

namespace RedisAspire.Tests.Reliability;

/// <summary>
/// The app as it is deployed, in OS processes of its own: an Api and a Worker of this build over a Redis and a
/// PostgreSQL that only this fixture uses, so a scenario may kill or stop any of them. One per test class.
/// </summary>
public sealed class AppOnServers : IAsyncLifetime
{
    /// <summary>How long a document write may take to be applied once every server is up.</summary>
    public static readonly TimeSpan WriteDeadline = TimeSpan.FromSeconds(90);

    private readonly string signingKey = DevelopmentIssuer.NewKey();
    private readonly List<ServiceProcess> services = [];
    private RedisServer? redis;
    private PostgresServer? postgres;
    private ServiceProcess? api;
    private ServiceProcess? worker;

    public RedisServer Redis => redis ?? throw new InvalidOperationException("The servers have not started.");

    public PostgresServer Postgres => postgres ?? throw new InvalidOperationException("The servers have not started.");

    internal ServiceProcess Api => api ?? throw new InvalidOperationException("The Api has not started.");

    internal ServiceProcess Worker => worker ?? throw new InvalidOperationException("The Worker has not started.");

    /// <summary>A client of the Api calling as an admin.</summary>
    public HttpClient CreateClient() => CreateClient(Api);

    public async Task InitializeAsync()
    {
        var startRedis = RedisServer.StartAsync();
        var startPostgres = PostgresServer.StartAsync();
        redis = await startRedis;
        postgres = await startPostgres;

        // The Worker first: it migrates PostgreSQL, which the Api would otherwise race it to do.
        worker = await StartWorkerAsync();
        api = await StartApiAsync();
    }

    /// <summary>Another Api replica on the same servers (the fixture stops it with the rest).</summary>
    internal async Task<ServiceProcess> StartApiAsync() =>
        Keep(await ServiceProcess.StartAsync("Api", new Dictionary<string, string>(ServerSettings())
        {
            [DevelopmentIssuer.SigningKeySetting] = signingKey,
            ["RateLimits:Burst"] = "100000",
            ["RateLimits:PerSecond"] = "100000",
        }));

    /// <summary>Another Worker replica on the same servers (the fixture stops it with the rest).</summary>
    internal async Task<ServiceProcess> StartWorkerAsync() =>
        Keep(await ServiceProcess.StartAsync("Worker", new Dictionary<string, string>(ServerSettings())
        {
            ["Ingestion:SeedSampleCorpus"] = "false",
            ["HotSet:ColdStartInterval"] = "00:00:01",
            // A killed consumer's messages are taken over after this long.
            ["Ingestion:Queue:ClaimIdle"] = "00:00:05",
        }));

    /// <summary>A client of <paramref name="service"/> (an Api) calling as an admin.</summary>
    internal HttpClient CreateClient(ServiceProcess service) =>
        service.CreateClient(new DevelopmentIssuer(signingKey).Issue("reliability-admin", [], [CallerClaims.AdminRole], TimeSpan.FromHours(2), DateTimeOffset.UtcNow));

    public async Task DisposeAsync()
    {
        foreach (var service in services)
        {
            await service.DisposeAsync();
        }

        if (redis is not null)
        {
            await redis.DisposeAsync();
        }

        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }

    private Dictionary<string, string> ServerSettings() => new()
    {
        ["ConnectionStrings:cache"] = Redis.ConnectionString,
        ["ConnectionStrings:db"] = Postgres.ConnectionString,
    };

    private ServiceProcess Keep(ServiceProcess service)
    {
        services.Add(service);
        return service;
    }

    /// <summary>
    /// Writes <paramref name="documents"/>, then waits until the Worker has applied them and a new search of each is
    /// answered by the hot tier (the cold start loads it).
    /// </summary>
    public async Task SeedAsync(HttpClient client, IReadOnlyCollection<ReliabilityDocument> documents)
    {
        await CompletedAsync(client, await WriteAsync(client, documents), WriteDeadline);
        await Eventually.HoldsAsync(
            async () => (await Task.WhenAll(documents.Select(document => AnsweredHotAsync(client, document)))).All(hot => hot),
            WriteDeadline, "the cold start loads the hot set");
    }

    /// <summary>Writes <paramref name="documents"/> through the Api and returns their operations' ids.</summary>
    public async Task<string[]> WriteAsync(HttpClient client, IEnumerable<ReliabilityDocument> documents)
    {
        var operations = new List<string>();
        foreach (var document in documents)
        {
            var accepted = await client.ExpectAsync(HttpMethod.Put, $"/documents/{document.Id}", HttpStatusCode.Accepted, document.Body);
            operations.Add(accepted.GetProperty("operationId").GetString()!);
        }

        return [.. operations];
    }

    /// <summary>Waits until every one of <paramref name="operations"/> is completed; fails on one that failed.</summary>
    public static async Task<TimeSpan> CompletedAsync(HttpClient client, IReadOnlyCollection<string> operations, TimeSpan deadline) =>
        await Eventually.HoldsAsync(
            async () =>
            {
                foreach (var operation in operations)
                {
                    var state = await client.ExpectAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.OK);
                    Assert.Equal(0, state.GetProperty("failed").GetInt32());
                    if (state.GetProperty("state").GetString() != "Completed")
                    {
                        return false;
                    }
                }

                return true;
            },
            deadline,
            $"{operations.Count} write operations complete");

    /// <summary>
    /// Searches <paramref name="document"/>'s own text in its tenant, followed by <paramref name="variant"/> when given
    /// (a text asked for the first time: the model embeds it and the tiers search it, no cache answers); returns the
    /// status and the tier that answered with the search-result cache's outcome, as <c>Hot/Miss</c>.
    /// </summary>
    internal static async Task<TrafficOutcome> SearchAsync(HttpClient client, ReliabilityDocument document, string? variant, CancellationToken cancellationToken)
    {
        var text = variant is null ? document.Text : $"{document.Text} ({variant})";
        var body = JsonSerializer.Serialize(new { text, k = 2, filters = new { tenant = document.Tenant } }, JsonSerializerOptions.Web);
        return await CallAsync(client, "search", HttpMethod.Post, "/search", body,
            reply => $"{reply.GetProperty("tier").GetString()}/{reply.GetProperty("result").GetString()}", cancellationToken);
    }

    /// <summary>Embeds <paramref name="text"/> through the cache; returns the status and the cache's outcome.</summary>
    internal static Task<TrafficOutcome> EmbedAsync(HttpClient client, string text, CancellationToken cancellationToken) =>
        CallAsync(client, "embedding", HttpMethod.Post, "/cache/embeddings", JsonSerializer.Serialize(new { text }, JsonSerializerOptions.Web),
            reply => reply.GetProperty("outcome").GetString(), cancellationToken);

    /// <summary>Whether a new search of <paramref name="document"/> is answered by the hot tier.</summary>
    public static async Task<bool> AnsweredHotAsync(HttpClient client, ReliabilityDocument document) =>
        await SearchAsync(client, document, Guid.NewGuid().ToString("N")[..8], CancellationToken.None) is { Status: 200, Detail: "Hot/Miss" };

    /// <summary>One call; a status other than 2xx keeps the problem's title as its detail, no response keeps the error.</summary>
    internal static async Task<TrafficOutcome> CallAsync(
        HttpClient client, string kind, HttpMethod method, string path, string? body, Func<JsonElement, string?> detail, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var reply = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
            var said = response.IsSuccessStatusCode ? detail(reply)
                : reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("title", out var title) ? title.GetString() : text;
            return new TrafficOutcome(kind, (int)response.StatusCode, said);
        }
        catch (HttpRequestException exception)
        {
            return new TrafficOutcome(kind, 0, exception.Message);
        }
    }
}

/// <summary>A document a scenario writes and searches for.</summary>
public sealed record ReliabilityDocument(string Id, string Tenant, string Title, string Text)
{
    /// <summary>The body of its <c>PUT /documents/{id}</c>.</summary>
    public object Body => new { tenant = Tenant, language = "en", title = Title, body = Text };

    /// <summary><paramref name="count"/> documents of <paramref name="tenant"/>, each about something else.</summary>
    public static ReliabilityDocument[] Create(string tenant, int count, string idPrefix = "doc") =>
    [
        .. Enumerable.Range(0, count).Select(index =>
        {
            var (title, text) = Topics[index % Topics.Length];
            return new ReliabilityDocument($"{idPrefix}-{index}", tenant, title, index < Topics.Length ? text : $"{text} (copy {index / Topics.Length})");
        }),
    ];

    private static readonly (string Title, string Text)[] Topics =
    [
        ("Ferry timetable", "The harbour ferry leaves the north pier every twenty minutes from six in the morning until midnight."),
        ("Insulin storage", "Unopened insulin pens are kept in the refrigerator between two and eight degrees and never frozen."),
        ("Parking permits", "Residents apply for a parking permit at the town hall with proof of address and the car's registration."),
        ("Library hours", "The central library opens at nine on weekdays, at ten on Saturdays, and is closed on Sundays."),
        ("Recycling days", "Glass and paper are collected on alternate Tuesdays; garden waste goes to the depot on Fridays."),
        ("Swimming lessons", "Children's swimming lessons at the leisure centre run in blocks of ten weeks with a test at the end."),
        ("Allergy menu", "Every dish on the lunch menu lists its allergens; the kitchen can prepare gluten-free pasta on request."),
        ("Night buses", "Night buses run hourly on Friday and Saturday nights between the station and the university campus."),
    ];
}
