using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Reembedding;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Retrieval;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Reembedding;

/// <summary>
/// Re-embedding from all-MiniLM-L6-v2 to snowflake-arctic-embed-xs (both real, local models) on the real servers,
/// while queries and writes run.
/// </summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class ReembedTests(LocalServersFixture servers, QueryEngineRedisFixture queryEngine) : IAsyncLifetime, IClassFixture<QueryEngineRedisFixture>
{
    private readonly string indexName = $"reembed{Guid.NewGuid():N}"[..20];
    private ConnectionMultiplexer redis = null!;
    private IsolatedPostgresSchema database = null!;

    public async Task InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        database = await IsolatedPostgresSchema.CreateAsync(servers.PostgresConnectionString);
    }

    public async Task DisposeAsync()
    {
        var server = redis.GetServers()[0];
        await redis.GetDatabase().KeyDeleteAsync([.. server.Keys(pattern: $"*{indexName}*")]);
        await redis.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task ReembeddingWhileQueriesAndWritesRunFailsNoQueryAndLosesNoWrite()
    {
        using var host = ReembedHost.Build(redis, database.NewDataSource(), indexName);
        await host.StartAsync();
        var spaces = host.Services.GetRequiredService<EmbeddingSpaces>();
        var handler = new PipelineIngestionHandler(host.Services.GetRequiredService<IngestionPipelines>());
        var runner = host.Services.GetRequiredService<ReembedRunner>();
        var corpus = SampleCorpus.Load().Where(document => document.Language == "en").Take(60).ToList();
        await WriteAsync(handler, corpus.Select(IngestionMessage.Upsert));
        await spaces.Live.HotSet.RefreshAsync(CancellationToken.None);

        // Queries on every tenant's titles, three at a time, until told to stop.
        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var answeredBy = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var queries = Enumerable.Range(0, 3).Select(worker => Task.Run(() => AskAsync(spaces, corpus, worker, failures, answeredBy, stop.Token))).ToList();

        // Writes while the version is built: one document edited a round, each round another (so a write the new
        // version missed is not made good by a later one), and five deletions.
        var final = corpus.ToDictionary(document => document.Id, document => (SourceDocument?)document, StringComparer.Ordinal);
        var removed = corpus.Skip(55).Take(5).ToList();
        using var buildDone = new CancellationTokenSource();
        var writes = Task.Run(async () =>
        {
            for (var round = 1; !buildDone.IsCancellationRequested; round++)
            {
                var edited = corpus[round % 50] with
                {
                    Body = $"{corpus[round % 50].Body} Revised in round {round}, while the documents were embedded again.",
                    UpdatedAt = corpus[round % 50].UpdatedAt.AddMinutes(round),
                };
                await WriteAsync(handler, [IngestionMessage.Upsert(edited)]);
                final[edited.Id] = edited;
                if (round == 3)
                {
                    await WriteAsync(handler, removed.Select(document => IngestionMessage.Delete(document.Id, document.Tenant)));
                    removed.ForEach(document => final[document.Id] = null);
                }
            }
        });

        await runner.RequestAsync(new EmbeddingModel(EmbeddingProvider.Local, LocalEmbeddingModels.ArcticXs), force: false, CancellationToken.None);
        var built = await runner.RunPendingAsync(CancellationToken.None);
        await buildDone.CancelAsync();
        await writes;

        // Queries go on across the old version's removal, then on the new one alone.
        await runner.RetireDueAsync(CancellationToken.None);
        await Eventually.HoldsAsync(
            () => Task.FromResult(answeredBy.GetValueOrDefault(LocalEmbeddingModels.ArcticXs) >= 30), TimeSpan.FromSeconds(60), "queries run on the new version");
        await stop.CancelAsync();
        await Task.WhenAll(queries);

        Assert.NotNull(built);
        Assert.Equal((2, EmbeddingVersionState.Live, LocalEmbeddingModels.ArcticXs), (built.Number, built.State, built.Model.Name));
        Assert.Empty(failures);
        Assert.True(answeredBy.GetValueOrDefault(LocalEmbeddingModels.MiniLM) > 0, "queries ran on the old version during the build");

        // A write after the switch lands in the new version.
        var late = corpus[20] with { Body = "Written after the switch: the terrace opens at noon on sundays.", UpdatedAt = corpus[20].UpdatedAt.AddDays(1) };
        await WriteAsync(handler, [IngestionMessage.Upsert(late)]);
        final[late.Id] = late;

        Assert.Equal(Expected(final.Values), await RowsAsync("documents_v2"));
        Assert.Equal([LocalEmbeddingModels.ArcticXs], await ModelsAsync("documents_v2"));
        Assert.Null(await database.ScalarAsync<string?>("SELECT to_regclass('documents')::text"));
        Assert.False(await redis.GetDatabase().KeyExistsAsync($"{{{indexName}}}"), "the old version's hot index is dropped");
        var versions = await host.Services.GetRequiredService<EmbeddingVersionStore>().ReadAllAsync(CancellationToken.None);
        Assert.Equal([EmbeddingVersionState.Retired, EmbeddingVersionState.Live], versions.Select(version => version.State));

        // The new version's vectors are the new model's, of the text it stores (normalised, as every embedded text is).
        // One row copied by the build, one written by the pipeline after the switch.
        using var arctic = new LocalEmbeddingGenerator(new LocalEmbeddingOptions { Model = LocalEmbeddingModels.ArcticXs });
        foreach (var id in new[] { $"{corpus[30].Id}#0", $"{late.Id}#0" })
        {
            var stored = await spaces.Live.Cold.GetAsync(id, CancellationToken.None);
            Assert.NotNull(stored);
            var expected = (await arctic.GenerateAsync([EmbeddingCacheKey.Normalize(EmbeddedText.Of(stored.Title, stored.Body!))]))[0].Vector.ToArray();
            Assert.True(Cosine(expected, stored.Vector) > 0.999, $"{id} holds snowflake-arctic-embed-xs's vector (cosine {Cosine(expected, stored.Vector):0.0000})");
        }

        await host.StopAsync();
    }

    /// <summary>On each engine: the query engine's versions live behind an alias, so its naming is checked too.</summary>
    [SkippableTheory]
    [InlineData(VectorSetsEngine.EngineName)]
    [InlineData(RediSearchEngine.EngineName)]
    public async Task ReembeddingWithAModelOfAnotherDimensionMovesBothTiersToIt(string engine)
    {
        Skip.If(engine == RediSearchEngine.EngineName && queryEngine.Redis is null, queryEngine.SkipReason);
        var server = engine == RediSearchEngine.EngineName ? queryEngine.Redis! : redis;
        await using var azure = await FakeAzureOpenAIServer.StartAsync();
        using var host = ReembedHost.Build(server, database.NewDataSource(), indexName, new Dictionary<string, string?>
        {
            ["Vectors:Engine"] = engine,
            ["Embeddings:AzureOpenAI:Endpoint"] = azure.Endpoint.ToString(),
            ["Embeddings:AzureOpenAI:ApiKey"] = "not-a-secret",
        });
        await host.StartAsync();
        var spaces = host.Services.GetRequiredService<EmbeddingSpaces>();
        var runner = host.Services.GetRequiredService<ReembedRunner>();
        var documents = SampleCorpus.Load().Where(document => document.Language == "en").Take(12).ToList();
        await WriteAsync(new PipelineIngestionHandler(host.Services.GetRequiredService<IngestionPipelines>()), documents.Select(IngestionMessage.Upsert));
        await spaces.Live.HotSet.RefreshAsync(CancellationToken.None);

        // A deployment shortened to 24 dimensions, from the 384 of the local model.
        var requested = await runner.RequestAsync(new EmbeddingModel(EmbeddingProvider.AzureOpenAI, "embeddings-small@24"), force: false, CancellationToken.None);
        var built = await runner.RunPendingAsync(CancellationToken.None);

        Assert.Equal(24, requested.Dimensions);
        Assert.NotNull(built);
        Assert.Equal((EmbeddingVersionState.Live, 24), (built.State, built.Dimensions));
        Assert.Equal("vector(24)", await database.ScalarAsync<string>("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'documents_v2'::regclass AND attname = 'embedding'"));
        Assert.Equal(24, spaces.Live.Hot.Schema.Dimension);
        Assert.True(await spaces.Live.Hot.CountAsync(CancellationToken.None) > 0, "the new hot index holds the hot set");
        Assert.True(azure.Requests > 0);

        // Searches now embed with the deployment, in both tiers of its dimension.
        var target = documents[5];
        foreach (var tier in new[] { RetrievalTier.Hot, RetrievalTier.Cold })
        {
            var hits = await spaces.RunAsync(
                async (space, token) =>
                {
                    var vector = (await space.Embeddings.GenerateAsync([target.Title!], cancellationToken: token))[0].Vector.ToArray();
                    var query = new KnnQuery { Vector = vector, K = 3, Filter = new VectorFilter { Tenant = target.Tenant } };
                    return (await space.Retriever.RetrieveAsync(new RetrievalQuery(query, tier), token)).Hits;
                },
                CancellationToken.None);
            Assert.Contains(hits, hit => hit.Id.StartsWith($"{target.Id}#", StringComparison.Ordinal));
        }

        // The old version's hot index goes with its table, the new one's stays.
        var old = host.Services.GetRequiredService<VectorHotTier>().Open(1, LocalEmbeddingModels.Dimensions);
        Assert.True(await old.CountAsync(CancellationToken.None) > 0);
        await runner.RetireDueAsync(CancellationToken.None);
        Assert.Empty(server.GetServers()[0].Keys(pattern: $"{indexName}:v*"));
        Assert.False(await server.GetDatabase().KeyExistsAsync($"{{{indexName}}}"));
        Assert.True(await spaces.Live.Hot.CountAsync(CancellationToken.None) > 0);
        await host.StopAsync();
        await server.GetDatabase().KeyDeleteAsync([.. server.GetServers()[0].Keys(pattern: $"*{indexName}*")]);
    }

    [Fact]
    public async Task ABuildWhoseWorkerStoppedIsTakenOverByAnotherFromWhereItWas()
    {
        // Each batch of 16 takes a quarter of a second, so the first Worker is stopped part way.
        await using var azure = await FakeAzureOpenAIServer.StartAsync(TimeSpan.FromMilliseconds(250));
        var settings = new Dictionary<string, string?>
        {
            ["Embeddings:AzureOpenAI:Endpoint"] = azure.Endpoint.ToString(),
            ["Embeddings:AzureOpenAI:ApiKey"] = "not-a-secret",
        };
        var documents = SampleCorpus.Load().Where(document => document.Language == "en").Take(80).ToList();
        var target = new EmbeddingModel(EmbeddingProvider.AzureOpenAI, "embeddings-small@24");
        using (var first = ReembedHost.Build(redis, database.NewDataSource(), indexName, settings))
        {
            await first.StartAsync();
            await WriteAsync(new PipelineIngestionHandler(first.Services.GetRequiredService<IngestionPipelines>()), documents.Select(IngestionMessage.Upsert));
            var store = first.Services.GetRequiredService<EmbeddingVersionStore>();
            await first.Services.GetRequiredService<ReembedRunner>().RequestAsync(target, force: false, CancellationToken.None);

            using var stopping = new CancellationTokenSource();
            var run = first.Services.GetRequiredService<ReembedRunner>().RunPendingAsync(stopping.Token);
            await Eventually.HoldsAsync(
                async () => (await store.ReadAllAsync(CancellationToken.None)).Single(version => version.Number == 2).RowsDone >= 32,
                TimeSpan.FromSeconds(60), "the first Worker has written two batches");
            await stopping.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            await first.StopAsync();
        }

        var rows = await database.ScalarAsync<long>("SELECT count(*) FROM documents");
        var copiedBeforeTheStop = await database.ScalarAsync<long>("SELECT count(*) FROM documents_v2");
        var textsBeforeTheStop = azure.Texts;
        Assert.InRange(copiedBeforeTheStop, 32, rows - 1);

        using var second = ReembedHost.Build(redis, database.NewDataSource(), indexName, settings);
        await second.StartAsync();
        var building = (await second.Services.GetRequiredService<EmbeddingVersionStore>().ReadAllAsync(CancellationToken.None)).Single(version => version.Number == 2);
        Assert.Equal(EmbeddingVersionState.Building, building.State);
        var built = await second.Services.GetRequiredService<ReembedRunner>().RunPendingAsync(CancellationToken.None);

        Assert.Equal(EmbeddingVersionState.Live, built?.State);
        Assert.Equal(await RowsAsync("documents"), await RowsAsync("documents_v2"));
        Assert.Equal(rows - copiedBeforeTheStop, azure.Texts - textsBeforeTheStop);
        await second.StopAsync();
    }

    [Fact]
    public async Task ASecondReembeddingIsRefusedWhileOneIsRecordedAndTheLiveModelNeedsForce()
    {
        using var host = ReembedHost.Build(redis, database.NewDataSource(), indexName);
        await host.StartAsync();
        var runner = host.Services.GetRequiredService<ReembedRunner>();
        var arctic = new EmbeddingModel(EmbeddingProvider.Local, LocalEmbeddingModels.ArcticXs);

        var notNeeded = await Assert.ThrowsAsync<ReembedNotNeededException>(
            () => runner.RequestAsync(new EmbeddingModel(EmbeddingProvider.Local, LocalEmbeddingModels.MiniLM), force: false, CancellationToken.None));
        Assert.Contains("force", notNeeded.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<ArgumentException>(
            () => runner.RequestAsync(new EmbeddingModel(EmbeddingProvider.Local, "no-such-model"), force: false, CancellationToken.None));
        Assert.Contains("no-such-model", unknown.Message, StringComparison.Ordinal);

        var first = await runner.RequestAsync(arctic, force: false, CancellationToken.None);
        var conflict = await Assert.ThrowsAsync<ReembedConflictException>(() => runner.RequestAsync(arctic, force: true, CancellationToken.None));

        Assert.Equal((2, EmbeddingVersionState.Building), (first.Number, first.State));
        Assert.Equal(first.Number, conflict.Running?.Number);
        Assert.Contains("already running: version 2", conflict.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task AFailedBuildIsRecordedWithItsErrorAndLeavesTheLiveVersionAsItWas()
    {
        using var host = ReembedHost.Build(redis, database.NewDataSource(), indexName);
        await host.StartAsync();
        var spaces = host.Services.GetRequiredService<EmbeddingSpaces>();
        var runner = host.Services.GetRequiredService<ReembedRunner>();
        var documents = SampleCorpus.Load().Take(3).ToList();
        await WriteAsync(new PipelineIngestionHandler(host.Services.GetRequiredService<IngestionPipelines>()), documents.Select(IngestionMessage.Upsert));

        // A row whose vector a caller supplied, without text: no model can embed it again.
        await spaces.Live.Cold.UpsertAsync(
            [new ColdDocument { Id = "supplied", Tenant = "t", UpdatedAt = DateTimeOffset.UtcNow, ContentHash = "h", EmbeddingModel = "supplied", Vector = new float[LocalEmbeddingModels.Dimensions] }],
            CancellationToken.None);
        await runner.RequestAsync(new EmbeddingModel(EmbeddingProvider.Local, LocalEmbeddingModels.ArcticXs), force: false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunPendingAsync(CancellationToken.None));

        Assert.Contains("1 rows of documents carry no text", error.Message, StringComparison.Ordinal);
        var versions = await host.Services.GetRequiredService<EmbeddingVersionStore>().ReadAllAsync(CancellationToken.None);
        Assert.Equal([EmbeddingVersionState.Live, EmbeddingVersionState.Failed], versions.Select(version => version.State));
        Assert.Equal(error.Message, versions[1].Error);
        Assert.Null(await database.ScalarAsync<string?>("SELECT to_regclass('documents_v2')::text"));
        Assert.Equal(1, spaces.Live.Version.Number);
        Assert.Equal(1 + await database.ScalarAsync<long>("SELECT count(*) FROM documents WHERE embedding_model <> 'supplied'"), await spaces.Live.Cold.CountAsync(CancellationToken.None));
        Assert.Equal(3, await database.ScalarAsync<long>("SELECT count(DISTINCT document_id) FROM documents WHERE embedding_model <> 'supplied'"));
        await host.StopAsync();
    }

    private static async Task WriteAsync(PipelineIngestionHandler handler, IEnumerable<IngestionMessage> messages)
    {
        var outcomes = await handler.HandleAsync([.. messages], CancellationToken.None);
        Assert.All(outcomes, outcome => Assert.True(outcome.Succeeded, outcome.Error));
    }

    private static async Task AskAsync(
        EmbeddingSpaces spaces, IReadOnlyList<SourceDocument> corpus, int worker, ConcurrentQueue<string> failures,
        ConcurrentDictionary<string, int> answeredBy, CancellationToken stop)
    {
        for (var index = worker; !stop.IsCancellationRequested; index += 3)
        {
            var document = corpus[index % corpus.Count];
            var question = document.Title ?? document.Body[..40];
            try
            {
                var (model, hits) = await spaces.RunAsync(
                    async (space, token) =>
                    {
                        var vector = (await space.Embeddings.GenerateAsync([question], cancellationToken: token))[0].Vector.ToArray();
                        var query = new KnnQuery { Vector = vector, K = 3, Filter = new VectorFilter { Tenant = document.Tenant } };
                        var (result, _) = await space.SearchResultCache.RetrieveAsync(new RetrievalQuery(query, RetrievalTier.Auto), token);
                        return (space.Version.Model.Name, result.Hits.Count);
                    },
                    CancellationToken.None);
                answeredBy.AddOrUpdate(model, 1, (_, count) => count + 1);
                if (hits == 0)
                {
                    failures.Enqueue($"'{question}' found nothing on {model}");
                }
            }
            catch (Exception exception)
            {
                failures.Enqueue($"'{question}': {exception}");
            }
        }
    }

    /// <summary>The rows the documents make: chunk ids and content hashes, as the pipeline writes them with the default chunking.</summary>
    private static List<string> Expected(IEnumerable<SourceDocument?> documents)
    {
        var chunker = new DocumentChunker(new ChunkingOptions());
        return [.. documents.OfType<SourceDocument>()
            .SelectMany(document => chunker.Chunk(document).Select(chunk => $"{chunk.Id} {EmbeddedText.HashOf(document.Title, chunk.Text)}"))
            .Order(StringComparer.Ordinal)];
    }

    private Task<List<string>> RowsAsync(string table) => StringsAsync($"SELECT id || ' ' || content_hash FROM {table} ORDER BY id COLLATE \"C\"");

    private Task<List<string>> ModelsAsync(string table) => StringsAsync($"SELECT DISTINCT embedding_model FROM {table}");

    private async Task<List<string>> StringsAsync(string sql)
    {
        await using var command = database.NewDataSource().CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static double Cosine(float[] left, float[] right)
    {
        double dot = 0, leftNorm = 0, rightNorm = 0;
        for (var index = 0; index < left.Length; index++)
        {
            dot += left[index] * right[index];
            leftNorm += left[index] * left[index];
            rightNorm += right[index] * right[index];
        }

        return dot / Math.Sqrt(leftNorm * rightNorm);
    }
}
