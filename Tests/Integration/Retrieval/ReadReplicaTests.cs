using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Credentials;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>
/// The cold tier with a streaming read replica beside its primary (<c>ConnectionStrings:db-read</c>), wired as the Api
/// and the Worker wire it: searches read from the replica; writes, and the reads that must see them, go to the
/// primary; a replica behind a write neither answers nor caches a search from before it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReadReplicaTests(PrimaryAndReplicaFixture servers) : IClassFixture<PrimaryAndReplicaFixture>, IAsyncLifetime
{
    private const string Tenant = "harbour";

    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(60);

    /// <summary>A session reports its table statistics within about ten seconds of going idle.</summary>
    private static readonly TimeSpan StatisticsDeadline = TimeSpan.FromSeconds(45);

    private readonly string indexName = $"replica{Guid.NewGuid():N}"[..22];
    private readonly string schema = $"cold_{Guid.NewGuid():N}";
    private ConnectionMultiplexer redis = null!;

    public async Task InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        await ExecuteAsync(servers.Primary.ConnectionString, $"CREATE SCHEMA {schema}");
    }

    public async Task DisposeAsync()
    {
        await redis.DisposeAsync();
        await ExecuteAsync(servers.Primary.ConnectionString, $"DROP SCHEMA {schema} CASCADE");
    }

    [Fact]
    public async Task SearchesAreAnsweredByTheReplicaWhileWritesGoToThePrimary()
    {
        using var host = Build(withReplica: true);
        await host.StartAsync();
        using var outcomes = new ReplicaOutcomes(host);
        var space = host.Services.GetRequiredService<EmbeddingSpaces>().Live;

        var written = await IngestAsync(host, Document("tide-alpha", "The harbour gate opens two hours before high tide."));
        await servers.Replica.CatchUpAsync(servers.Primary, CatchUp);
        var answer = await SearchAsync(space, "When does the harbour gate open?");

        Assert.Equal(DocumentStatus.Written, written.Status);
        Assert.Equal(1L, await ScalarAsync<long>(servers.Primary.ConnectionString, $"SELECT count(*) FROM {schema}.documents"));
        Assert.Contains(answer.Result.Hits, hit => hit.Id.StartsWith("tide-alpha", StringComparison.Ordinal));
        Assert.Equal(new[] { ReplicaSearchOutcome.Replica }, outcomes.Recorded);
        // Nothing but searches reads the replica: its own statistics count the scans of the test's table.
        await Eventually.HoldsAsync(async () => await ScansAsync(servers.Replica.ConnectionString) > 0, StatisticsDeadline, "the replica counts the search's scan");
        await host.StopAsync();
    }

    [Fact]
    public async Task ALaggingReplicaNeitherAnswersNorCachesASearchFromBeforeAWriteWhoseResultsWereDropped()
    {
        using var host = Build(withReplica: true);
        await host.StartAsync();
        using var outcomes = new ReplicaOutcomes(host);
        var space = host.Services.GetRequiredService<EmbeddingSpaces>().Live;
        const string question = "Where do the ferries to the island leave from?";
        await IngestAsync(host, Document("tide-bravo", "Visitors park behind the fish market on market days."));
        await servers.Replica.CatchUpAsync(servers.Primary, CatchUp);
        var before = await SearchAsync(space, question);
        Assert.DoesNotContain(before.Result.Hits, hit => hit.Id.StartsWith("tide-ferry", StringComparison.Ordinal));
        Assert.Contains((await SearchAsync(space, question)).Outcome, new CacheOutcome?[] { CacheOutcome.Hit, CacheOutcome.L1Hit });

        await servers.Replica.PauseReplayAsync();
        try
        {
            var ferry = Document("tide-ferry", "Ferries to the island leave from the north pier every hour.");
            var written = await IngestAsync(host, ferry);
            Assert.Equal(DocumentStatus.Written, written.Status);
            Assert.Equal(0L, await ScalarAsync<long>(servers.Replica.ConnectionString, $"SELECT count(*) FROM {schema}.documents WHERE id LIKE 'tide-ferry%'"));

            // The write dropped the tenant's cached results; the replica, which has not replayed it, does not answer.
            var after = await SearchAsync(space, question);
            var again = await SearchAsync(space, question);

            Assert.Equal(CacheOutcome.Miss, after.Outcome);
            Assert.Contains(after.Result.Hits, hit => hit.Id.StartsWith("tide-ferry", StringComparison.Ordinal));
            Assert.Contains(again.Outcome, new CacheOutcome?[] { CacheOutcome.Hit, CacheOutcome.L1Hit });
            Assert.Contains(again.Result.Hits, hit => hit.Id.StartsWith("tide-ferry", StringComparison.Ordinal));
            Assert.Equal(new[] { ReplicaSearchOutcome.Replica, ReplicaSearchOutcome.Behind }, outcomes.Recorded);

            // Reads that must see their own writes read the primary: the document reads back, and writing it again
            // finds its content hash unchanged.
            Assert.NotNull(await space.ReadDocumentAsync("tide-ferry", CancellationToken.None));
            Assert.Equal(DocumentStatus.Unchanged, (await IngestAsync(host, ferry)).Status);
        }
        finally
        {
            await servers.Replica.ResumeReplayAsync();
        }

        // Caught up, the replica answers again, and sees the write.
        await servers.Replica.CatchUpAsync(servers.Primary, CatchUp);
        var caughtUp = await SearchAsync(space, "Which pier do island ferries use?");
        Assert.Contains(caughtUp.Result.Hits, hit => hit.Id.StartsWith("tide-ferry", StringComparison.Ordinal));
        Assert.Equal(ReplicaSearchOutcome.Replica, outcomes.Recorded[^1]);
        await host.StopAsync();
    }

    [Fact]
    public async Task WithThePrimaryStoppedSearchesStillAnswerFromTheReplicaAndWritesFail()
    {
        using var host = Build(withReplica: true);
        await host.StartAsync();
        using var outcomes = new ReplicaOutcomes(host);
        var space = host.Services.GetRequiredService<EmbeddingSpaces>().Live;
        await IngestAsync(host, Document("tide-charlie", "The lighthouse is open to visitors on Sundays."));
        await servers.Replica.CatchUpAsync(servers.Primary, CatchUp);

        await servers.Primary.StopAsync();
        try
        {
            var answer = await SearchAsync(space, "When can I visit the lighthouse?");

            Assert.Contains(answer.Result.Hits, hit => hit.Id.StartsWith("tide-charlie", StringComparison.Ordinal));
            Assert.Equal(new[] { ReplicaSearchOutcome.Replica }, outcomes.Recorded);
            // The server cannot be reached (or ended the session: a transient error), which the Api answers 503 (DependencyFailureHandler).
            var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() =>
                IngestAsync(host, Document("tide-delta", "The lighthouse closes for repairs in March.")));
            Assert.True(refused is not PostgresException { IsTransient: false }, refused.Message);
        }
        finally
        {
            await servers.Primary.StartAgainAsync();
        }

        await host.StopAsync();
    }

    [Fact]
    public async Task WithoutAReadConnectionStringEverySearchStaysOnThePrimary()
    {
        using var host = Build(withReplica: false);
        await host.StartAsync();
        using var outcomes = new ReplicaOutcomes(host);
        var space = host.Services.GetRequiredService<EmbeddingSpaces>().Live;
        await IngestAsync(host, Document("tide-echo", "Crab pots must carry the owner's licence number."));

        var answer = await SearchAsync(space, "What must be written on a crab pot?");

        Assert.Contains(answer.Result.Hits, hit => hit.Id.StartsWith("tide-echo", StringComparison.Ordinal));
        Assert.Null(host.Services.GetRequiredService<ColdTierReadSource>().Replica);
        Assert.Same(
            host.Services.GetRequiredService<NpgsqlDataSource>(),
            host.Services.GetRequiredKeyedService<NpgsqlDataSource>(PostgresConnectionNames.Read));
        Assert.Empty(outcomes.Recorded);
        await host.StopAsync();
    }

    [Fact]
    public async Task TheReplicaLogsInWithTheSameRenewingCredentialAsThePrimary()
    {
        var role = $"rotating_{Guid.NewGuid():N}"[..20];
        var admin = new NpgsqlConnectionStringBuilder(servers.Primary.ConnectionString) { Pooling = false }.ConnectionString;
        var passwords = new RotatingPostgresPasswords(admin, role, TimeSpan.FromMinutes(10));
        await passwords.CreateRoleAsync(CancellationToken.None);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:db"] = new NpgsqlConnectionStringBuilder(servers.Primary.ConnectionString) { Username = role, Password = null }.ConnectionString,
            ["ConnectionStrings:db-read"] = new NpgsqlConnectionStringBuilder(servers.Replica.ConnectionString) { Username = null, Password = null }.ConnectionString,
            ["Postgres:Entra:Enabled"] = "true",
        });
        builder.Services.AddKeyedSingleton<IServerCredentialSource>(CredentialKeys.Postgres, passwords);
        builder.AddPostgresDataSource();
        using var host = builder.Build();
        var primary = host.Services.GetRequiredService<NpgsqlDataSource>();
        var read = host.Services.GetRequiredKeyedService<NpgsqlDataSource>(PostgresConnectionNames.Read);

        // The first log-in gives the role its password on the primary; the replica knows it once it has replayed that.
        Assert.Equal((role, false), await WhoAndWhereAsync(primary));
        await servers.Replica.CatchUpAsync(servers.Primary, CatchUp);

        Assert.Equal((role, true), await WhoAndWhereAsync(read));
        Assert.Single(passwords.Issued);
    }

    private static async Task<(string User, bool InRecovery)> WhoAndWhereAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT current_user::text, pg_is_in_recovery()");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetBoolean(1));
    }

    private static SourceDocument Document(string id, string body) => new()
    {
        Id = id,
        Tenant = Tenant,
        Language = "en",
        Title = id,
        Body = body,
        UpdatedAt = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero),
    };

    private static async Task<DocumentOutcome> IngestAsync(IHost host, SourceDocument document)
    {
        var outcomes = await host.Services.GetRequiredService<IngestionPipelines>().Current.ProcessBatchAsync([document], [], CancellationToken.None);
        return Assert.Single(outcomes);
    }

    /// <summary>A cold-tier search of the tenant through the result cache, as <c>/search</c> asks it with <c>tier=cold</c>.</summary>
    private static async Task<(RetrievalResult Result, CacheOutcome? Outcome)> SearchAsync(EmbeddingSpace space, string text)
    {
        var vector = await space.Embeddings.GenerateVectorAsync(text);
        var query = new RetrievalQuery(new KnnQuery { Vector = vector.ToArray(), K = 3, Filter = new VectorFilter { Tenant = Tenant } }, RetrievalTier.Cold);
        return await space.SearchResultCache.RetrieveAsync(query, CancellationToken.None);
    }

    /// <summary>The scans of the test's table the server has counted, by its own statistics (a standby counts its own reads).</summary>
    private Task<long> ScansAsync(string connectionString) =>
        ScalarAsync<long>(
            connectionString,
            "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'documents'",
            schema);

    /// <summary>The Api's and the Worker's services over the test's names, with the primary and, when asked, the replica.</summary>
    private IHost Build(bool withReplica)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:db"] = OwnSchema(servers.Primary.ConnectionString),
            ["ConnectionStrings:db-read"] = withReplica ? OwnSchema(servers.Replica.ConnectionString) : null,
            ["Embeddings:Local:Model"] = LocalEmbeddingModels.MiniLM,
            ["Vectors:IndexName"] = indexName,
            ["Vectors:KeyPrefix"] = $"{indexName}:",
            ["ResultCache:KeyPrefix"] = TestCaches.NewPrefix(),
            ["HotSet:Size"] = "20",
            ["HotSet:Schedule"] = "off",
        });
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
        builder.AddPostgresDataSource();
        builder.Services.AddResultCache();
        builder.AddRetrievalTiers();
        builder.AddIngestionPipeline();
        return builder.Build();
    }

    private string OwnSchema(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = $"{schema}, public" }.ConnectionString;

    /// <summary>Unpooled: a pooled session would outlive a stop of the primary, and fail at its next use.</summary>
    private static NpgsqlConnection Unpooled(string connectionString) =>
        new(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = Unpooled(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = Unpooled(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default! : (T)value;
    }

    /// <summary>The outcomes of the host's cold-tier searches with a replica, from its own meters, in order.</summary>
    private sealed class ReplicaOutcomes : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly List<ReplicaSearchOutcome> recorded = [];

        public ReplicaOutcomes(IHost host)
        {
            var meters = host.Services.GetRequiredService<IMeterFactory>();
            listener.InstrumentPublished = (instrument, own) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == $"{RetrievalTelemetry.Name}.cold.replica")
                {
                    own.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "outcome")
                    {
                        lock (recorded)
                        {
                            recorded.Add(Enum.Parse<ReplicaSearchOutcome>((string)tag.Value!));
                        }
                    }
                }
            });
            listener.Start();
        }

        public IReadOnlyList<ReplicaSearchOutcome> Recorded
        {
            get
            {
                lock (recorded)
                {
                    return [.. recorded];
                }
            }
        }

        public void Dispose() => listener.Dispose();
    }
}
