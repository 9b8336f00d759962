using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Vectors;

/// <summary>
/// What every engine of the hot tier must do, run against a real server for each engine: hybrid queries, range
/// queries, upserts, deletes, hostile filter values, and rebuilds that swap atomically under concurrent queries and
/// writes.
/// </summary>
public abstract class VectorIndexContract : IAsyncLifetime
{
    protected const long Fresh = 1714600000;
    protected const long Retired = 1700000000;
    protected static readonly DateTimeOffset Cutoff = DateTimeOffset.FromUnixTimeSeconds(1714521600);
    private static readonly VectorFilter TidewaterEnglishFresh = new() { Tenant = "tidewater", Language = "en", UpdatedAfter = Cutoff };

    private IVectorIndex? index;

    /// <summary>The index under test, on a fresh name.</summary>
    protected IVectorIndex Index => index ?? throw new InvalidOperationException("The index was not created.");

    /// <summary>The connection, or null when the engine's server is not reachable (the tests are then skipped).</summary>
    protected abstract IConnectionMultiplexer? Redis { get; }

    /// <summary>Why the tests are skipped; null when they run.</summary>
    protected abstract string? SkipReason { get; }

    /// <summary>Creates the engine's index for <paramref name="schema"/>.</summary>
    protected abstract IVectorIndex Create(IConnectionMultiplexer redis, VectorIndexSchema schema);

    /// <summary>The key of the index's rebuild lock.</summary>
    protected abstract string RebuildLockKey { get; }

    /// <summary>Deletes everything the index left in Redis.</summary>
    protected abstract Task DeleteAsync(IConnectionMultiplexer redis, IVectorIndex index);

    /// <summary>A fresh schema with the seed's fields, 4 dimensions and exact storage.</summary>
    protected static VectorIndexSchema NewSchema() => new()
    {
        Name = $"t{Guid.NewGuid():N}",
        KeyPrefix = $"doc{Guid.NewGuid():N}:",
        Dimension = 4,
        Quantization = VectorQuantization.NoQuantization,
    };

    public async Task InitializeAsync()
    {
        if (Redis is null)
        {
            return;
        }

        index = Create(Redis, NewSchema());
        await Index.EnsureCreatedAsync(CancellationToken.None);
        await Add("1", [1, 0, 0, 0], "tidewater", "en", Fresh, "Insulin storage policy v3");
        await Add("2", [0.9f, 0.1f, 0, 0], "tidewater", "en", Fresh, "Insulin transport guideline");
        await Add("3", [0.95f, 0.05f, 0, 0], "tidewater", "fr", Fresh, "Politique de stockage de l'insuline");
        await Add("4", [0.99f, 0.01f, 0, 0], "beancraft", "en", Fresh, "Espresso machine descaling");
        await Add("5", [0.98f, 0.02f, 0, 0], "tidewater", "en", Retired, "Insulin storage policy v1 (retired)");
        await Add("6", [0, 1, 0, 0], "tidewater", "en", Fresh, "Hand hygiene");
    }

    public async Task DisposeAsync()
    {
        if (Redis is not null && index is not null)
        {
            await DeleteAsync(Redis, index);
        }
    }

    [SkippableFact]
    public async Task AHybridQueryReturnsTheClosestDocumentsThatPassTheFilterClosestFirst()
    {
        SkipUnlessReachable();

        var result = await Index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 5, Filter = TidewaterEnglishFresh }, CancellationToken.None);

        Assert.Equal(["1", "2", "6"], result.Hits.Select(hit => hit.Id));
        Assert.Equal("Insulin storage policy v3", result.Hits[0].Fields["title"]);
        Assert.Equal(1.0, result.Hits[0].Similarity!.Value, 3);
        Assert.Equal(0.0, result.Hits[0].Distance!.Value, 3);
        Assert.Equal(0.0, result.Hits[2].Similarity!.Value, 3);
        Assert.Equal(1.0, result.Hits[2].Distance!.Value, 3);
    }

    [SkippableFact]
    public async Task AHitCarriesEveryStoredFieldOfItsDocumentInTheSchemasOrder()
    {
        SkipUnlessReachable();

        var result = await Index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 1, Filter = TidewaterEnglishFresh }, CancellationToken.None);

        Assert.Equal(
            [new("tenant", "tidewater"), new("language", "en"), new("updated_at", "1714600000"), new("title", "Insulin storage policy v3")],
            result.Hits.Single().Fields.ToList<KeyValuePair<string, string>>());
    }

    [SkippableFact]
    public async Task ScoresAreTheCosineOfTheVectors()
    {
        SkipUnlessReachable();

        var result = await Index.SearchAsync(
            new KnnQuery { Vector = [1, 0, 0, 0], K = 1, Filter = new VectorFilter { Tenant = "tidewater", Language = "fr" } }, CancellationToken.None);

        var expected = 0.95 / Math.Sqrt((0.95 * 0.95) + (0.05 * 0.05));
        Assert.Equal(expected, result.Hits.Single().Similarity!.Value, 4);
        Assert.Equal(1 - expected, result.Hits.Single().Distance!.Value, 4);
    }

    [SkippableFact]
    public async Task AQueryWithItsOwnEfRuntimeFindsTheSameDocuments()
    {
        SkipUnlessReachable();

        var result = await Index.SearchAsync(
            new KnnQuery { Vector = [1, 0, 0, 0], K = 3, Filter = TidewaterEnglishFresh, EfRuntime = 50 }, CancellationToken.None);

        Assert.Equal(["1", "2", "6"], result.Hits.Select(hit => hit.Id));
    }

    [SkippableFact]
    public async Task ARangeQueryReturnsOnlyDocumentsWithinTheRadiusThatPassTheFilter()
    {
        SkipUnlessReachable();

        // Document 2 is at cosine distance 0.0061 from the query, 5 (filtered out: retired) at 0.0002, 6 at 1.
        var result = await Index.SearchRangeAsync(
            new VectorRangeQuery { Vector = [1, 0, 0, 0], Radius = 0.01, Filter = TidewaterEnglishFresh }, CancellationToken.None);

        Assert.Equal(["1", "2"], result.Hits.Select(hit => hit.Id));
        Assert.All(result.Hits, hit => Assert.InRange(hit.Distance!.Value, 0, 0.01));
        Assert.Equal("Insulin transport guideline", result.Hits[1].Fields["title"]);
    }

    [SkippableFact]
    public async Task ARangeQueryStopsAtItsLimit()
    {
        SkipUnlessReachable();

        var result = await Index.SearchRangeAsync(new VectorRangeQuery { Vector = [1, 0, 0, 0], Radius = 0.5, Limit = 2 }, CancellationToken.None);

        Assert.Equal(["1", "4"], result.Hits.Select(hit => hit.Id));
    }

    [SkippableTheory]
    [InlineData("x} | @tenant:{tidewater")]
    [InlineData("x\" or .tenant == \"tidewater")]
    [InlineData("x' or .tenant == 'tidewater")]
    [InlineData("tidewater*")]
    [InlineData("*")]
    public async Task AHostileTenantMatchesNothing(string tenant)
    {
        SkipUnlessReachable();

        var result = await Index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 5, Filter = new VectorFilter { Tenant = tenant } }, CancellationToken.None);

        Assert.Empty(result.Hits);
    }

    [SkippableFact]
    public async Task ADeletedDocumentIsNeitherFoundNorCounted()
    {
        SkipUnlessReachable();
        Assert.Equal(6, await Index.CountAsync(CancellationToken.None));

        Assert.True(await Index.DeleteAsync("1", CancellationToken.None));
        Assert.False(await Index.DeleteAsync("1", CancellationToken.None));

        Assert.Equal(5, await Index.CountAsync(CancellationToken.None));
        Assert.Null(await Index.GetAsync("1", CancellationToken.None));
        var result = await Index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 10 }, CancellationToken.None);
        Assert.DoesNotContain("1", result.Hits.Select(hit => hit.Id));
    }

    [SkippableFact]
    public async Task DroppingRemovesEveryKeyOfTheIndexAndCanBeRepeated()
    {
        SkipUnlessReachable();
        var server = Redis!.GetServers()[0];

        await Index.DropAsync(CancellationToken.None);
        await Index.DropAsync(CancellationToken.None);

        Assert.Empty(server.Keys(pattern: $"*{Index.Schema.Name}*"));
        Assert.Empty(server.Keys(pattern: $"{Index.Schema.KeyPrefix}*"));
        await Index.EnsureCreatedAsync(CancellationToken.None);
        await Add("7", [1, 0, 0, 0], "tidewater", "en", Fresh, "Written after the drop");
        Assert.Equal(1, await Index.CountAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task ContainsSaysWhichOfTheIdsTheIndexHolds()
    {
        SkipUnlessReachable();
        await Index.DeleteAsync("2", CancellationToken.None);

        var held = await Index.ContainsAsync(["1", "2", "6", "absent", "1"], CancellationToken.None);

        Assert.Equal(["1", "6"], held.Order(StringComparer.Ordinal));
        Assert.Empty(await Index.ContainsAsync([], CancellationToken.None));
    }

    [SkippableFact]
    public async Task UpsertingReplacesTheVectorAndEveryField()
    {
        SkipUnlessReachable();

        await Index.UpsertAsync(new VectorDocument(
            "6", [1, 0, 0, 0],
            new Dictionary<string, string> { ["tenant"] = "tidewater" },
            new Dictionary<string, double> { ["updated_at"] = Fresh },
            new Dictionary<string, string> { ["title"] = "Hand hygiene v2" }), CancellationToken.None);

        var stored = await Index.GetAsync("6", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal([1f, 0, 0, 0], stored.Vector);
        Assert.Equal("Hand hygiene v2", stored.Texts["title"]);
        Assert.False(stored.Tags.ContainsKey("language"));
        var english = await Index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 5, Filter = TidewaterEnglishFresh }, CancellationToken.None);
        Assert.DoesNotContain("6", english.Hits.Select(hit => hit.Id));
        Assert.Equal(6, await Index.CountAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task AVectorOfTheWrongDimensionIsRefusedSayingExpectedAndActual()
    {
        SkipUnlessReachable();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Index.SearchAsync(new KnnQuery { Vector = [1, 0, 0], K = 1 }, CancellationToken.None));

        Assert.Equal("vector", error.ParamName);
        Assert.Contains("has 3 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("expects 4", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AFilterOnAFieldTheSchemaLacksIsRefusedNamingIt()
    {
        SkipUnlessReachable();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Index.SearchAsync(
            new KnnQuery { Vector = [1, 0, 0, 0], K = 1, Filter = new VectorFilter { Tags = new Dictionary<string, string> { ["colour"] = "blue" } } },
            CancellationToken.None));

        Assert.Equal("filters.colour", error.ParamName);
    }

    [SkippableFact]
    public async Task DescribeReportsTheDocumentsAndTheSchema()
    {
        SkipUnlessReachable();

        var status = await Index.DescribeAsync(CancellationToken.None);

        Assert.Equal(Index.Engine, status.Engine);
        Assert.Equal(Index.Schema.Name, status.Name);
        Assert.Equal(6, status.Documents);
        Assert.Equal(4, status.Dimension);
        Assert.True(status.MemoryBytes > 0, $"memory {status.MemoryBytes}");
        Assert.Null(status.Rebuild);
    }

    [SkippableFact]
    public async Task ARebuildSwapsInTheNewVersionWhileQueriesAlwaysSeeACompleteOne()
    {
        SkipUnlessReachable();
        const int documents = 1500;
        using var rebuilding = new CancellationTokenSource();
        var emptyAnswers = 0;
        var queries = 0;
        var querying = Task.Run(async () =>
        {
            while (!rebuilding.IsCancellationRequested)
            {
                var result = await Index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 3 }, CancellationToken.None);
                Interlocked.Increment(ref queries);
                if (result.Hits.Count == 0)
                {
                    Interlocked.Increment(ref emptyAnswers);
                }
            }
        });
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref queries) > 0), TimeSpan.FromSeconds(10), "queries are running");
        var queriesBefore = Volatile.Read(ref queries);

        var rebuilt = await Index.RebuildAsync(NewVersion(documents), CancellationToken.None);
        var afterSwap = await Index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 1 }, CancellationToken.None);
        await rebuilding.CancelAsync();
        await querying;

        Assert.Equal(VectorRebuildState.Completed, rebuilt.State);
        Assert.Equal(documents, rebuilt.Copied);
        Assert.Equal(documents, await Index.CountAsync(CancellationToken.None));
        Assert.Equal(0, emptyAnswers);
        Assert.True(queries > queriesBefore, "queries ran during the rebuild");
        Assert.StartsWith("v2 ", afterSwap.Hits.Single().Fields["title"], StringComparison.Ordinal);
        Assert.Null(await Index.GetAsync("1", CancellationToken.None));
        var status = await Index.DescribeAsync(CancellationToken.None);
        Assert.Equal(VectorRebuildState.Completed, status.Rebuild?.State);
        Assert.Equal(documents, status.Rebuild?.Copied);
    }

    [SkippableFact]
    public async Task ARebuildFromTheIndexItselfKeepsEveryWriteAndDeleteMadeWhileItRuns()
    {
        SkipUnlessReachable();
        const int seeded = 1000;
        var expected = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var chunk in Enumerable.Range(0, seeded).Chunk(100))
        {
            await Task.WhenAll(chunk.Select(number => Index.UpsertAsync(Document($"s{number}", number, $"seed {number}"), CancellationToken.None)));
        }

        foreach (var number in Enumerable.Range(0, seeded))
        {
            expected[$"s{number}"] = $"seed {number}";
        }

        foreach (var id in new[] { "1", "2", "3", "4", "5", "6" })
        {
            expected[id] = (await Index.GetAsync(id, CancellationToken.None))!.Texts["title"];
        }

        var rebuild = Index.RebuildAsync(source: null, CancellationToken.None);
        var writesDuringRebuild = 0;
        for (var step = 0; !rebuild.IsCompleted; step++)
        {
            // One writer, so the expected end state is the last operation on each id.
            switch (step % 3)
            {
                case 0:
                    await Index.UpsertAsync(Document($"new{step}", step, $"new {step}"), CancellationToken.None);
                    expected[$"new{step}"] = $"new {step}";
                    break;
                case 1:
                    var updated = $"s{(step * 7) % seeded}";
                    await Index.UpsertAsync(Document(updated, step, $"updated {step}"), CancellationToken.None);
                    expected[updated] = $"updated {step}";
                    break;
                default:
                    var deleted = $"s{(step * 13) % seeded}";
                    await Index.DeleteAsync(deleted, CancellationToken.None);
                    expected[deleted] = null;
                    break;
            }

            if (!rebuild.IsCompleted)
            {
                writesDuringRebuild++;
            }
        }

        var status = await rebuild;

        Assert.Equal(VectorRebuildState.Completed, status.State);
        Assert.True(writesDuringRebuild > 10, $"only {writesDuringRebuild} writes overlapped the rebuild");
        foreach (var (id, title) in expected)
        {
            var stored = await Index.GetAsync(id, CancellationToken.None);
            Assert.True(title == stored?.Texts["title"], $"{id}: expected {title ?? "deleted"}, found {stored?.Texts["title"] ?? "nothing"}");
        }

        Assert.Equal(expected.Values.Count(title => title is not null), await Index.CountAsync(CancellationToken.None));
    }

    [SkippableFact]
    public Task ARebuildFromASourceKeepsWhatIsWrittenAndDeletedAtEachOfItsSteps() => WriteAndDeleteAtEveryStepAsync(fromSource: true);

    [SkippableFact]
    public Task ARebuildFromTheIndexItselfKeepsWhatIsWrittenAndDeletedAtEachOfItsSteps() => WriteAndDeleteAtEveryStepAsync(fromSource: false);

    [SkippableFact]
    public async Task ASecondRebuildWhileOneRunsIsRefused()
    {
        SkipUnlessReachable();
        var release = new TaskCompletionSource();
        var first = Index.RebuildAsync(Slow(release.Task), CancellationToken.None);
        await Eventually.HoldsAsync(
            async () => (await Index.DescribeAsync(CancellationToken.None)).Rebuild?.State == VectorRebuildState.Running,
            TimeSpan.FromSeconds(5), "the first rebuild is running");

        var error = await Assert.ThrowsAsync<VectorRebuildConflictException>(() => Index.RebuildAsync(NewVersion(1), CancellationToken.None));
        release.SetResult();

        Assert.Contains("already running", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await first).Copied);
    }

    [SkippableFact]
    public async Task AFailedRebuildLeavesTheLiveVersionAndSaysWhy()
    {
        SkipUnlessReachable();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Index.RebuildAsync(Failing(), CancellationToken.None));

        Assert.Equal(6, await Index.CountAsync(CancellationToken.None));
        var status = await Index.DescribeAsync(CancellationToken.None);
        Assert.Equal(VectorRebuildState.Failed, status.Rebuild?.State);
        Assert.Equal("The source broke.", status.Rebuild?.Error);
        Assert.Equal(1, (await Index.RebuildAsync(NewVersion(1), CancellationToken.None)).Copied);
    }

    [SkippableFact]
    public async Task ARebuildThatLostItsLockIsReportedAsFailedAndDoesNotSwap()
    {
        SkipUnlessReachable();
        var release = new TaskCompletionSource();
        var stuck = Index.RebuildAsync(Slow(release.Task), CancellationToken.None);
        await Eventually.HoldsAsync(
            async () => (await Index.DescribeAsync(CancellationToken.None)).Rebuild?.State == VectorRebuildState.Running,
            TimeSpan.FromSeconds(5), "the rebuild is running");

        // What a process that ended mid-rebuild leaves: its status says running, and its lock has expired.
        await Redis!.GetDatabase().KeyDeleteAsync(RebuildLockKey);

        var status = (await Index.DescribeAsync(CancellationToken.None)).Rebuild;
        Assert.Equal(VectorRebuildState.Failed, status?.State);
        Assert.Contains("process running it ended", status?.Error, StringComparison.Ordinal);
        release.SetResult();
        var lost = await Assert.ThrowsAsync<InvalidOperationException>(() => stuck);
        Assert.Contains("lost its lock", lost.Message, StringComparison.Ordinal);
        Assert.Equal(6, await Index.CountAsync(CancellationToken.None));
    }

    protected void SkipUnlessReachable() => Skip.If(Redis is null, SkipReason);

    /// <summary>
    /// Stops the rebuild at each of its steps and, while it waits, writes a new document, rewrites one it will copy and
    /// deletes another: every step's changes must be in the version swapped in. The source, when there is one, holds
    /// the documents as they were before (as a hot-set refresh's read of PostgreSQL may), the touched ones last.
    /// </summary>
    private async Task WriteAndDeleteAtEveryStepAsync(bool fromSource)
    {
        SkipUnlessReachable();
        var steps = Enum.GetValues<RebuildStep>();
        var untouched = Enumerable.Range(0, 20).Select(number => Document($"kept-{number}", number, $"kept {number}"));
        var touched = steps.SelectMany((step, number) => new[]
        {
            Document($"updated-{step}", number, $"seed {step}"),
            Document($"deleted-{step}", number, $"seed {step}"),
        });
        List<VectorDocument> seeded = [.. untouched, .. touched];
        foreach (var document in seeded)
        {
            await Index.UpsertAsync(document, CancellationToken.None);
        }

        var reached = new List<RebuildStep>();
        ((RedisVectorIndex)Index).RebuildStepReached = async step =>
        {
            reached.Add(step);
            await Index.UpsertAsync(Document($"new-{step}", reached.Count, $"new {step}"), CancellationToken.None);
            await Index.UpsertAsync(Document($"updated-{step}", reached.Count, $"updated {step}"), CancellationToken.None);
            await Index.DeleteAsync($"deleted-{step}", CancellationToken.None);
        };

        var status = await Index.RebuildAsync(fromSource ? Listed(seeded) : null, CancellationToken.None);

        Assert.Equal(VectorRebuildState.Completed, status.State);
        Assert.Equal(steps, reached);
        foreach (var step in steps)
        {
            Assert.True((await Index.GetAsync($"new-{step}", CancellationToken.None))?.Texts["title"] == $"new {step}", $"the document written at {step} is missing");
            Assert.True((await Index.GetAsync($"updated-{step}", CancellationToken.None))?.Texts["title"] == $"updated {step}", $"the document rewritten at {step} is not the new version");
            Assert.True(await Index.GetAsync($"deleted-{step}", CancellationToken.None) is null, $"the document deleted at {step} is back");
        }

        Assert.Equal(20 + (2 * steps.Length) + (fromSource ? 0 : 6), await Index.CountAsync(CancellationToken.None));
    }

    private static async IAsyncEnumerable<VectorDocument> Listed(IEnumerable<VectorDocument> documents)
    {
        foreach (var document in documents)
        {
            await Task.Yield();
            yield return document;
        }
    }

    private static async IAsyncEnumerable<VectorDocument> NewVersion(int count)
    {
        for (var number = 0; number < count; number++)
        {
            await Task.Yield();
            yield return Document($"v2-{number}", number, $"v2 document {number}");
        }
    }

    private static async IAsyncEnumerable<VectorDocument> Slow(Task release)
    {
        await release;
        yield return Document("slow", 0, "v2 slow");
    }

    private static async IAsyncEnumerable<VectorDocument> Failing()
    {
        yield return Document("first", 0, "v2 first");
        await Task.Yield();
        throw new InvalidOperationException("The source broke.");
    }

    private static VectorDocument Document(string id, int number, string title)
    {
        var angle = number * 0.001f;
        return new(
            id,
            [MathF.Cos(angle), MathF.Sin(angle), 0, 0],
            new Dictionary<string, string> { ["tenant"] = "tidewater", ["language"] = "en" },
            new Dictionary<string, double> { ["updated_at"] = Fresh },
            new Dictionary<string, string> { ["title"] = title });
    }

    private Task Add(string id, float[] vector, string tenant, string language, long updatedAt, string title) =>
        Index.UpsertAsync(new VectorDocument(
            id,
            vector,
            new Dictionary<string, string> { ["tenant"] = tenant, ["language"] = language },
            new Dictionary<string, double> { ["updated_at"] = updatedAt },
            new Dictionary<string, string> { ["title"] = title }), CancellationToken.None);
}
