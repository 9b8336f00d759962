using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class TwoTierRetrieverTests : IDisposable
{
    private static readonly KnnQuery Search = new() { Vector = [1, 0], K = 2, Filter = new VectorFilter { Tenant = "tidewater" } };

    private readonly ScriptedTier hot = new("hot");
    private readonly ScriptedTier cold = new("cold");
    private readonly RecordingAskCounter asks = new();
    private readonly RetrievalTelemetry telemetry = new();
    private readonly RetrievalOptions settings = new() { ConfidenceThreshold = 0.8, HotTimeout = TimeSpan.FromMilliseconds(100) };

    public void Dispose() => telemetry.Dispose();

    [Fact]
    public async Task AConfidentHotAnswerIsUsedWithoutAskingPostgres()
    {
        hot.Answer = [Hit("a", 0.95), Hit("b", 0.9)];

        var result = await Retriever().RetrieveAsync(new RetrievalQuery(Search), CancellationToken.None);

        Assert.Equal(RetrievalTier.Hot, result.Tier);
        Assert.Null(result.MissReason);
        Assert.NotNull(result.HotElapsed);
        Assert.Null(result.ColdElapsed);
        Assert.Equal(0, cold.Calls);
        var ask = Assert.Single(asks.Asks);
        Assert.Equal("tidewater", ask.Tenant);
        Assert.Equal(["hot:a", "hot:b"], ask.Ids);
    }

    [Fact]
    public async Task AHotTierThatKeepsFailingIsSkippedForTheBreakThenAskedAgain()
    {
        var time = new FakeTimeProvider();
        settings.HotFailuresBeforeBreak = 3;
        settings.HotBreakDuration = TimeSpan.FromSeconds(2);
        var retriever = Retriever(time: time);
        hot.Failure = new InvalidOperationException("Redis is down");
        cold.Answer = [Hit("c", 0.9), Hit("d", 0.85)];

        for (var search = 0; search < 5; search++)
        {
            var result = await retriever.RetrieveAsync(new RetrievalQuery(Search), CancellationToken.None);
            Assert.Equal((RetrievalTier.Cold, HotMissReason.Failed), (result.Tier, result.MissReason));
        }

        Assert.Equal(3, hot.Calls);

        // After the break the hot tier is asked again, and one answer ends the run of failures.
        time.Advance(TimeSpan.FromSeconds(2));
        hot.Failure = null;
        hot.Answer = [Hit("a", 0.95), Hit("b", 0.9)];
        Assert.Equal(RetrievalTier.Hot, (await retriever.RetrieveAsync(new RetrievalQuery(Search), CancellationToken.None)).Tier);
        hot.Failure = new InvalidOperationException("a single failure");
        Assert.Equal(HotMissReason.Failed, (await retriever.RetrieveAsync(new RetrievalQuery(Search), CancellationToken.None)).MissReason);
        hot.Failure = null;
        Assert.Equal(RetrievalTier.Hot, (await retriever.RetrieveAsync(new RetrievalQuery(Search), CancellationToken.None)).Tier);
        Assert.Equal(6, hot.Calls);
    }

    [Fact]
    public async Task TimeoutsCountTowardTheBreakLikeFailures()
    {
        var time = new FakeTimeProvider();
        settings.HotFailuresBeforeBreak = 2;
        settings.HotTimeout = TimeSpan.FromMilliseconds(20);
        var retriever = Retriever(time: time);
        hot.Hangs = true;
        cold.Answer = [Hit("c", 0.9), Hit("d", 0.85)];

        var reasons = new List<HotMissReason?>();
        for (var search = 0; search < 4; search++)
        {
            reasons.Add((await retriever.RetrieveAsync(new RetrievalQuery(Search), CancellationToken.None)).MissReason);
        }

        Assert.Equal([HotMissReason.TimedOut, HotMissReason.TimedOut, HotMissReason.Failed, HotMissReason.Failed], reasons);
        Assert.Equal(2, hot.Calls);
    }

    [Fact]
    public async Task FewerThanKHotResultsFallBackToPostgres()
    {
        hot.Answer = [Hit("a", 0.99)];
        cold.Answer = [Hit("a", 0.99), Hit("c", 0.7)];

        var result = await Retriever().RetrieveAsync(new RetrievalQuery(Search), CancellationToken.None);

        Assert.Equal(RetrievalTier.Cold, result.Tier);
        Assert.Equal(HotMissReason.TooFewResults, result.MissReason);
        Assert.Equal(["cold:a", "cold:c"], result.Hits.Select(hit => hit.Id));
        Assert.NotNull(result.HotElapsed);
        Assert.NotNull(result.ColdElapsed);
        Assert.Equal(["cold:a", "cold:c"], Assert.Single(asks.Asks).Ids);
    }

    [Fact]
    public async Task AHotBestMatchBelowTheThresholdFallsBackToPostgres()
    {
        hot.Answer = [Hit("a", 0.79), Hit("b", 0.5)];
        cold.Answer = [Hit("c", 0.85), Hit("a", 0.79)];

        var result = await Retriever().RetrieveAsync(new RetrievalQuery(Search), CancellationToken.None);

        Assert.Equal((RetrievalTier.Cold, HotMissReason.BelowConfidence), (result.Tier, result.MissReason));
    }

    [Fact]
    public async Task AFailingHotTierFallsBackToPostgresAndTheRequestSucceeds()
    {
        hot.Failure = new RediSearchException("FT.SEARCH", RediSearchErrorKind.Other, "LOADING Redis is loading the dataset in memory");
        cold.Answer = [Hit("a", 0.9), Hit("b", 0.8)];

        var result = await Retriever().RetrieveAsync(new RetrievalQuery(Search), CancellationToken.None);

        Assert.Equal((RetrievalTier.Cold, HotMissReason.Failed), (result.Tier, result.MissReason));
        Assert.Equal(2, result.Hits.Count);
    }

    [Fact]
    public async Task AHotTierSlowerThanItsTimeoutFallsBackToPostgres()
    {
        hot.Hangs = true;
        cold.Answer = [Hit("a", 0.9), Hit("b", 0.8)];

        var result = await Retriever().RetrieveAsync(new RetrievalQuery(Search), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((RetrievalTier.Cold, HotMissReason.TimedOut), (result.Tier, result.MissReason));
    }

    [Fact]
    public async Task AnInvalidQueryIsTheCallersMistakeNotAFallback()
    {
        hot.Failure = new ArgumentException("The vector has 3 dimensions; index 'embeddings' expects 2.", "vector");

        await Assert.ThrowsAsync<ArgumentException>(() => Retriever().RetrieveAsync(new RetrievalQuery(Search), CancellationToken.None));

        Assert.Equal(0, cold.Calls);
    }

    [Fact]
    public async Task TheCallersCancellationIsNotTakenForATimeout()
    {
        hot.Hangs = true;
        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        settings.HotTimeout = TimeSpan.FromMinutes(1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Retriever().RetrieveAsync(new RetrievalQuery(Search), cancelled.Token));

        Assert.Equal(0, cold.Calls);
    }

    [Fact]
    public async Task ForcingTheColdTierNeverAsksTheHotOne()
    {
        cold.Answer = [Hit("a", 0.3)];

        var result = await Retriever().RetrieveAsync(new RetrievalQuery(Search, RetrievalTier.Cold), CancellationToken.None);

        Assert.Equal((RetrievalTier.Cold, (HotMissReason?)null), (result.Tier, result.MissReason));
        Assert.Equal(0, hot.Calls);
        Assert.Null(result.HotElapsed);
    }

    [Fact]
    public async Task ForcingTheHotTierTakesItsAnswerAsItIsAndItsFailureToo()
    {
        hot.Answer = [Hit("a", 0.1)];
        var result = await Retriever().RetrieveAsync(new RetrievalQuery(Search, RetrievalTier.Hot), CancellationToken.None);
        Assert.Equal((RetrievalTier.Hot, 1), (result.Tier, result.Hits.Count));

        hot.Failure = new RediSearchException("FT.SEARCH", RediSearchErrorKind.Other, "LOADING Redis is loading the dataset in memory");
        await Assert.ThrowsAsync<RediSearchException>(() => Retriever().RetrieveAsync(new RetrievalQuery(Search, RetrievalTier.Hot), CancellationToken.None));
        Assert.Equal(0, cold.Calls);
    }

    [Theory]
    [InlineData(RetrievalTier.Auto)]
    [InlineData(RetrievalTier.Hot)]
    public async Task ARangeQueryKeepsOnlyTheHitsWithinItsDistanceAndCountsAsksForThoseAlone(RetrievalTier tier)
    {
        hot.Answer = [Hit("a", 0.95), Hit("b", 0.7)];

        var result = await Retriever().RetrieveAsync(new RetrievalQuery(Search, tier, MaxDistance: 0.1), CancellationToken.None);

        Assert.Equal(["hot:a"], result.Hits.Select(hit => hit.Id));
        Assert.Equal(["hot:a"], Assert.Single(asks.Asks).Ids);
    }

    [Fact]
    public async Task APostgresRangeAnswerIsCutAtItsDistanceToo()
    {
        cold.Answer = [Hit("a", 0.9), Hit("b", 0.8), Hit("c", 0.5)];

        var result = await Retriever().RetrieveAsync(new RetrievalQuery(Search, RetrievalTier.Cold, MaxDistance: 0.2), CancellationToken.None);

        Assert.Equal(["cold:a", "cold:b"], result.Hits.Select(hit => hit.Id));
        Assert.Equal(["cold:a", "cold:b"], Assert.Single(asks.Asks).Ids);
    }

    [Fact]
    public async Task AHitExactlyAtTheDistanceIsKept()
    {
        hot.Answer = [new VectorHit("edge", 0.25, 0.75, new Dictionary<string, string>())];

        var result = await Retriever().RetrieveAsync(new RetrievalQuery(Search, RetrievalTier.Hot, MaxDistance: 0.25), CancellationToken.None);

        Assert.Equal(["hot:edge"], result.Hits.Select(hit => hit.Id));
    }

    [Fact]
    public async Task ARangeQueryIsJudgedOnItsKNearestNotOnWhatTheCutLeaves()
    {
        // K hits, the best confident: the hot tier answers, though only one is within the distance.
        hot.Answer = [Hit("a", 0.95), Hit("b", 0.6)];
        var kept = await Retriever().RetrieveAsync(new RetrievalQuery(Search, MaxDistance: 0.1), CancellationToken.None);
        var coldAsked = cold.Calls;

        // Fewer than K: PostgreSQL answers, and its answer is cut the same way.
        hot.Answer = [Hit("a", 0.95)];
        cold.Answer = [Hit("a", 0.95), Hit("c", 0.6)];
        var fallback = await Retriever().RetrieveAsync(new RetrievalQuery(Search, MaxDistance: 0.1), CancellationToken.None);

        Assert.Equal((RetrievalTier.Hot, (HotMissReason?)null), (kept.Tier, kept.MissReason));
        Assert.Equal(["hot:a"], kept.Hits.Select(hit => hit.Id));
        Assert.Equal(0, coldAsked);
        Assert.Equal((RetrievalTier.Cold, HotMissReason.TooFewResults), (fallback.Tier, fallback.MissReason));
        Assert.Equal(["cold:a"], fallback.Hits.Select(hit => hit.Id));
    }

    [Fact]
    public async Task ARangeQueryIsMeasuredLikeAnyQuery()
    {
        using var meters = new OwnMeters();
        using var measured = new RetrievalTelemetry(meters);
        var recorded = new List<(string Instrument, string Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, own) =>
        {
            if (instrument.Meter.Scope == meters)
            {
                own.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => recorded.Add((instrument.Name, Tag(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => recorded.Add((instrument.Name, Tag(tags))));
        listener.Start();
        hot.Answer = [Hit("a", 0.95)];
        cold.Answer = [Hit("a", 0.95), Hit("c", 0.6)];

        await Retriever(measured).RetrieveAsync(new RetrievalQuery(Search, MaxDistance: 0.1), CancellationToken.None);

        Assert.Equal(
            [
                ("redisaspire.retrieval.answers", "Cold"),
                ("redisaspire.retrieval.fallbacks", "TooFewResults"),
                ("redisaspire.retrieval.tier.duration", "Cold"),
                ("redisaspire.retrieval.tier.duration", "Hot"),
            ],
            recorded.Order());
    }

    [Theory]
    [InlineData(2, null, null)]
    [InlineData(1, null, HotMissReason.TooFewResults)]
    [InlineData(2, 0.8, null)]
    [InlineData(2, 0.79, HotMissReason.BelowConfidence)]
    public void JudgeWantsKResultsAndAConfidentBestMatch(int count, double? bestSimilarity, HotMissReason? expected)
    {
        var hits = Enumerable.Range(0, count).Select(index => new VectorHit($"d{index}", 0.1, index == 0 ? bestSimilarity : null, new Dictionary<string, string>())).ToList();

        Assert.Equal(expected, TwoTierRetriever.Judge(hits, k: 2, confidenceThreshold: 0.8));
    }

    private TwoTierRetriever Retriever(RetrievalTelemetry? measuredBy = null, TimeProvider? time = null) =>
        new(hot, cold, asks, Options.Create(settings), measuredBy ?? telemetry, NullLogger<TwoTierRetriever>.Instance, time);

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length == 1 ? tags[0].Value?.ToString() ?? "" : $"{tags.Length} tags";

    private static VectorHit Hit(string id, double similarity) => new(id, 1 - similarity, similarity, new Dictionary<string, string>());

    /// <summary>A tier that answers what the test set, fails, or never answers; ids say which tier answered.</summary>
    private sealed class ScriptedTier(string name) : IVectorSearch
    {
        private int calls;

        public IReadOnlyList<VectorHit> Answer { get; set; } = [];

        public Exception? Failure { get; set; }

        public bool Hangs { get; set; }

        public int Calls => Volatile.Read(ref calls);

        public async Task<VectorSearchResult> SearchAsync(KnnQuery query, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            await Task.Yield();
            if (Hangs)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (Failure is not null)
            {
                throw Failure;
            }

            return new VectorSearchResult(Answer.Count, [.. Answer.Select(hit => hit with { Id = $"{name}:{hit.Id}" })]);
        }
    }

    /// <summary>Meters of this test's own, so a listener hears no other test's retriever.</summary>
    private sealed class OwnMeters : IMeterFactory
    {
        private readonly List<Meter> meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            meters.Add(meter);
            return meter;
        }

        public void Dispose() => meters.ForEach(meter => meter.Dispose());
    }

    private sealed class RecordingAskCounter : IAskCounter
    {
        public List<(string? Tenant, string[] Ids)> Asks { get; } = [];

        public void Record(string? tenant, IReadOnlyList<string> ids) => Asks.Add((tenant, [.. ids]));
    }
}
