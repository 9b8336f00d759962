using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RedisAspire.Core.Answers;
using RedisAspire.Core.Answers.Semantic;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Benchmarks.Replay.Answers;

/// <summary>A hot-tier engine the answer replay runs on: its name in reports and in <c>Vectors:Engine</c>, a short key for names, its Redis.</summary>
internal sealed record AnswerEngine(string Label, string Setting, string Key, IConnectionMultiplexer Redis);

/// <summary>How the answer replay is run.</summary>
internal sealed record AnswerReplaySettings(int HotSize, int QueriesPerDay, int K, double QualityTolerance, IReadOnlyList<double> SemanticThresholds);

/// <summary>One question of the measured day as the bot answered it.</summary>
/// <param name="Layer">The answer cache that answered; None when the generator wrote it.</param>
/// <param name="Tier">The tier that gave the passages; null when a cache answered without retrieving.</param>
/// <param name="FromResultCache">The passages came from the search-result cache.</param>
/// <param name="Right">The answer's passages hold the question's document.</param>
/// <param name="Retrieval">The retrieval's time; null when there was none.</param>
/// <param name="Generation">The generator's call; null when there was none.</param>
/// <param name="Total">The whole answer, timed around <see cref="Answerer.AskAsync"/>.</param>
/// <param name="WrittenFor">For a cached answer, the question it was written for.</param>
internal readonly record struct AnsweredAsk(
    BotAsk Ask, AnswerCacheLayer Layer, RetrievalTier? Tier, bool FromResultCache, bool Right, TimeSpan? Retrieval, TimeSpan? Generation, TimeSpan Total,
    BotAsk? WrittenFor)
{
    /// <summary>A semantic hit whose answer was written for another question (of the same document or another).</summary>
    public bool OtherQuestion => Layer == AnswerCacheLayer.Semantic && WrittenFor is { } origin
        && (origin.Document, origin.Question, origin.IsFirstTime ? origin.Wording : 0) != (Ask.Document, Ask.Question, Ask.IsFirstTime ? Ask.Wording : 0);

    /// <summary>A semantic hit whose answer was written for a question about another document.</summary>
    public bool OtherDocument => Layer == AnswerCacheLayer.Semantic && WrittenFor is { } origin && origin.Document != Ask.Document;

    /// <summary>Answered without PostgreSQL's vector search: by an answer cache, the search-result cache or the hot tier.</summary>
    public bool FromRedis => Layer != AnswerCacheLayer.None || FromResultCache || Tier == RetrievalTier.Hot;
}

/// <summary>What one configuration of the answer caches gave on the measured day.</summary>
internal sealed record AnswerRow(string Engine, double Exponent, string Configuration, IReadOnlyList<AnsweredAsk> Asks, SemanticAuditSnapshot? Audit, long GeneratorCalls);

/// <summary>The measured day through PostgreSQL alone, and what tuning and the nightly refresh gave.</summary>
internal sealed record AnswerBaseline(
    string Engine, double Exponent, double Threshold, double ColdQuality, Latencies ColdOnly, double Captured, TimeSpan Refresh, DayMix Mix);

/// <summary>What the measured day asks: questions asked before in the same wording, in a new wording, or never.</summary>
internal sealed record DayMix(double SameWording, double NewWording, double FirstTime);

/// <summary>
/// One exponent of the answer replay on one hot-tier engine: a warm-up day through <c>/ask</c>'s services with no
/// answer cache (which counts the asks), the nightly refresh, the confidence threshold tuned on the warm-up day as the
/// retrieval replay tunes it; then, for each configuration of the answer caches, a host whose caches start empty, the
/// warm-up day again (untimed, to fill them) and the measured day, one question at a time; then the measured day's
/// questions through PostgreSQL alone.
/// </summary>
internal sealed class AnswerReplayRun(
    AnswerCorpus corpus, BotTraffic traffic, AnswerEngine hotTier, NpgsqlDataSource dataSource, PrecomputedEmbeddings embeddings,
    AnswerReplaySettings settings, TextWriter output)
{
    private readonly IConnectionMultiplexer redis = hotTier.Redis;
    private readonly string engine = hotTier.Setting;

    private const int ProgressEvery = 5_000;
    private const int LoadBatch = 1_000;

    public async Task<(AnswerBaseline Baseline, List<AnswerRow> Rows)> RunAsync(ZipfSampler zipf, string runId, bool loadCold, CancellationToken cancellationToken)
    {
        // Short: the semantic cache's key prefix, which carries it, may have 32 characters.
        var hotIndex = string.Create(CultureInfo.InvariantCulture, $"a{runId}{hotTier.Key}{Math.Round(10 * zipf.Exponent):0}");
        var warmUp = traffic.Day(zipf, 0, settings.QueriesPerDay);
        var day = traffic.Day(zipf, 1, settings.QueriesPerDay);
        output.WriteLine($"-- answers, {hotTier.Label}, s = {zipf.Exponent.ToString("0.0", CultureInfo.InvariantCulture)}, {settings.HotSize:N0} hot --");

        // The asks are counted under one key for every index: each exponent learns its hot set from its own warm-up day.
        await ReplayCleanup.DropAsync(redis, RedisAskCounter.DefaultGlobalKey);

        double threshold;
        double captured;
        TimeSpan refresh;
        var learning = await AnswerReplayHost.StartAsync(
            redis, dataSource, embeddings, new(engine, hotIndex, $"{hotIndex}-w", settings.HotSize, new RetrievalOptions().ConfidenceThreshold, AnswerLayers.HotTierOnly, 0));
        try
        {
            var space = learning.Services.GetRequiredService<EmbeddingSpaces>().Live;
            if (loadCold)
            {
                await LoadColdAsync(space.Cold, cancellationToken);
            }

            await space.HotSet.RefreshAsync(cancellationToken);
            var answerer = learning.Services.GetRequiredService<Answerer>();
            var rightFromCold = new bool[warmUp.Count];
            for (var index = 0; index < warmUp.Count; index++)
            {
                await answerer.AskAsync(Question(warmUp[index]), cancellationToken);
                rightFromCold[index] = Holds((await space.Cold.SearchAsync(Search(warmUp[index]), cancellationToken)).Hits, warmUp[index]);
                Progress("warm-up day", index + 1);
            }

            // The asks are fire-and-forget: a reply on the same connection comes after all of them.
            await redis.GetDatabase().PingAsync();
            var plan = await space.HotSet.PlanAsync(cancellationToken);
            var started = Stopwatch.GetTimestamp();
            await space.HotSet.RefreshAsync(cancellationToken);
            refresh = Stopwatch.GetElapsedTime(started);
            var hotSet = plan.Ids.Select(ReplayCorpus.IndexOf).ToHashSet();
            captured = day.Average(ask => hotSet.Contains(ask.Document) ? 1.0 : 0.0);

            var observations = new List<TierObservation>(warmUp.Count);
            for (var index = 0; index < warmUp.Count; index++)
            {
                var fromHot = await space.Hot.SearchAsync(Search(warmUp[index]), cancellationToken);
                observations.Add(new TierObservation(
                    fromHot.Hits.Count >= settings.K, fromHot.Hits.Count > 0 ? fromHot.Hits[0].Similarity : null, Holds(fromHot.Hits, warmUp[index]), rightFromCold[index]));
            }

            var tuned = ThresholdTuning.Tune(observations, settings.QualityTolerance);
            threshold = tuned.Threshold;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  night: {plan.Ids.Count:N0} hot in {refresh.TotalSeconds:0.0} s; threshold {threshold:0.00} (warm-up: hot {tuned.HitRate:P1}, right {tuned.Quality:P2} vs PostgreSQL alone {tuned.ColdQuality:P2})"));
        }
        finally
        {
            await learning.StopAsync(CancellationToken.None);
            learning.Dispose();
        }

        List<(AnswerLayers Layers, double Semantic)> configurations =
            [(AnswerLayers.HotTierOnly, 0), (AnswerLayers.Exact, 0), .. settings.SemanticThresholds.Select(value => (AnswerLayers.Semantic, value))];
        var rows = new List<AnswerRow>();
        foreach (var (layers, semantic) in configurations)
        {
            var name = layers == AnswerLayers.Semantic
                ? string.Create(CultureInfo.InvariantCulture, $"+ semantic cache ({semantic:0.00})")
                : layers == AnswerLayers.Exact ? "+ exact cache" : "hot tier only";
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{hotIndex}-{rows.Count}");
            var host = await AnswerReplayHost.StartAsync(
                redis, dataSource, embeddings, new(engine, hotIndex, prefix, settings.HotSize, threshold, layers, semantic));
            try
            {
                var answerer = host.Services.GetRequiredService<Answerer>();
                // Which question each written answer was written for: what a cached answer given to another was meant for.
                var writtenFor = new Dictionary<(string Text, DateTimeOffset At), BotAsk>();
                for (var index = 0; index < warmUp.Count; index++)
                {
                    var result = await answerer.AskAsync(Question(warmUp[index]), cancellationToken);
                    Remember(writtenFor, result, warmUp[index]);
                    Progress($"{name}, warm-up day", index + 1);
                }

                var statistics = host.Services.GetRequiredService<AnswerStatistics>();
                var callsBefore = statistics.GeneratorCalls;
                var asks = new List<AnsweredAsk>(day.Count);
                foreach (var ask in day)
                {
                    // The question's words are built before the clock starts: the replay's own work is not the answer's.
                    var question = Question(ask);
                    var started = Stopwatch.GetTimestamp();
                    var result = await answerer.AskAsync(question, cancellationToken);
                    var total = Stopwatch.GetElapsedTime(started);
                    Remember(writtenFor, result, ask);
                    asks.Add(new AnsweredAsk(
                        ask,
                        result.Layer,
                        result.Retrieval?.Tier,
                        result.RetrievalOutcome is CacheOutcome.Hit or CacheOutcome.L1Hit or CacheOutcome.Stale,
                        result.Answer.DocumentIds.Contains(ReplayCorpus.Id(ask.Document), StringComparer.Ordinal),
                        result.Timings.Retrieval,
                        result.Timings.Generation,
                        total,
                        result.Layer == AnswerCacheLayer.None ? null : writtenFor.GetValueOrDefault((result.Answer.Text, result.Answer.GeneratedAt))));
                    Progress($"{name}, measured day", asks.Count);
                }

                var audit = layers == AnswerLayers.Semantic ? host.Services.GetRequiredService<SemanticAnswerAudit>().Snapshot() : null;
                rows.Add(new AnswerRow(hotTier.Label, zipf.Exponent, name, asks, audit, statistics.GeneratorCalls - callsBefore));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name}: from Redis {asks.Average(ask => ask.FromRedis ? 1.0 : 0.0):P1}, right {asks.Average(ask => ask.Right ? 1.0 : 0.0):P1}, answer {Latencies.Of(asks.Select(ask => ask.Total))} ms"));
                foreach (var layer in asks.GroupBy(ask => ask.Layer))
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    {layer.Key}: {layer.Count():N0}, answer {Latencies.Of(layer.Select(ask => ask.Total))} ms, retrieval {Latencies.Of(layer.Where(ask => ask.Retrieval is not null).Select(ask => ask.Retrieval!.Value))} ms, generation {Latencies.Of(layer.Where(ask => ask.Generation is not null).Select(ask => ask.Generation!.Value))} ms"));
                }
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
        }

        var baseline = await ColdAloneAsync(zipf, hotIndex, warmUp, day, threshold, captured, refresh, cancellationToken);
        await ReplayCleanup.DropAsync(redis, hotIndex);
        return (baseline, rows);
    }

    /// <summary>The measured day's questions through PostgreSQL alone, timed as the two tiers' retrieval is.</summary>
    private async Task<AnswerBaseline> ColdAloneAsync(
        ZipfSampler zipf, string hotIndex, IReadOnlyList<BotAsk> warmUp, IReadOnlyList<BotAsk> day, double threshold, double captured,
        TimeSpan refresh, CancellationToken cancellationToken)
    {
        var host = await AnswerReplayHost.StartAsync(
            redis, dataSource, embeddings, new(engine, hotIndex, $"{hotIndex}-c", settings.HotSize, threshold, AnswerLayers.HotTierOnly, 0));
        try
        {
            var cold = host.Services.GetRequiredService<EmbeddingSpaces>().Live.Cold;
            var answers = new List<(TimeSpan Elapsed, bool Right)>(day.Count);
            foreach (var ask in day)
            {
                var search = Search(ask);
                var started = Stopwatch.GetTimestamp();
                var result = await cold.SearchAsync(search, cancellationToken);
                answers.Add((Stopwatch.GetElapsedTime(started), Holds(result.Hits, ask)));
            }

            var asked = warmUp.Where(ask => !ask.IsFirstTime).Select(ask => (ask.Document, ask.Question)).ToHashSet();
            var worded = warmUp.Where(ask => !ask.IsFirstTime).ToHashSet();
            var seen = new HashSet<BotAsk>(worded);
            var (same, reworded, firstTime) = (0, 0, 0);
            foreach (var ask in day)
            {
                if (ask.IsFirstTime)
                {
                    firstTime++;
                }
                else if (!seen.Add(ask))
                {
                    same++;
                }
                else if (!asked.Add((ask.Document, ask.Question)))
                {
                    reworded++;
                }
                else
                {
                    // A question met for the first time in one of its regular wordings: a first time too.
                    firstTime++;
                }
            }

            return new AnswerBaseline(
                hotTier.Label, zipf.Exponent, threshold, answers.Average(answer => answer.Right ? 1.0 : 0.0), Latencies.Of(answers.Select(answer => answer.Elapsed)),
                captured, refresh, new DayMix((double)same / day.Count, (double)reworded / day.Count, (double)firstTime / day.Count));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }

    private async Task LoadColdAsync(PostgresColdTier cold, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var written = 0;
        foreach (var batch in Enumerable.Range(0, corpus.Count).Chunk(LoadBatch))
        {
            written += await cold.UpsertAsync([.. batch.Select(corpus.Document)], cancellationToken);
            if (written % 20_000 < LoadBatch)
            {
                output.WriteLine($"PostgreSQL: {written:N0} / {corpus.Count:N0} documents");
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PostgreSQL: {corpus.Count:N0} documents in {stopwatch.Elapsed.TotalSeconds:0} s."));
    }

    private static void Remember(Dictionary<(string Text, DateTimeOffset At), BotAsk> writtenFor, AnswerResult result, BotAsk ask)
    {
        if (result.Layer == AnswerCacheLayer.None)
        {
            writtenFor.TryAdd((result.Answer.Text, result.Answer.GeneratedAt), ask);
        }
    }

    private AnswerQuestion Question(BotAsk ask) => new(corpus.Tenant(ask.Document), traffic.Text(ask), [], settings.K);

    /// <summary>The question as the tenant's user asks it: the tenant filter comes with every query.</summary>
    private KnnQuery Search(BotAsk ask) => new()
    {
        Vector = traffic.Vectors[traffic.Text(ask)],
        K = settings.K,
        Filter = new VectorFilter { Tenant = corpus.Tenant(ask.Document) },
    };

    private static bool Holds(IReadOnlyList<VectorHit> hits, BotAsk ask) =>
        hits.Any(hit => ReplayCorpus.IndexOf(hit.Id) == ask.Document);

    private void Progress(string phase, int done)
    {
        if (done % ProgressEvery == 0)
        {
            output.WriteLine($"  {phase}: {done:N0} / {settings.QueriesPerDay:N0}");
        }
    }
}
