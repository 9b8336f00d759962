using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Benchmarks.Vectors;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Benchmarks.Replay;

/// <summary>A hot-tier engine the replay runs on: its server and how to open an index on it.</summary>
internal sealed record ReplayEngine(string Name, string Key, VectorServer Server, Func<VectorIndexSchema, IVectorIndex> Open);

/// <summary>
/// How the replay is run: hot set and the policy that chooses it, questions per day, answer size and the quality given
/// up for hot answers.
/// </summary>
internal sealed record ReplaySettings(int HotSize, int QueriesPerDay, int K, double QualityTolerance, HotSetPolicy Policy = HotSetPolicy.MostAsked);

/// <summary>What the measured day gave, through the two tiers and through PostgreSQL alone, on the same questions.</summary>
internal sealed record ReplayOutcome(
    string Engine,
    double Exponent,
    HotSetPolicy Policy,
    int HotSize,
    double Ceiling,
    double Captured,
    int FromAsks,
    TimeSpan RefreshElapsed,
    TunedThreshold Tuned,
    double HitRate,
    double RightHits,
    IReadOnlyDictionary<HotMissReason, int> Misses,
    double Quality,
    double ColdQuality,
    double Agreement,
    TunedThreshold AtDefault,
    Latencies TwoTier,
    Latencies Hits,
    Latencies MissesLatency,
    Latencies ColdOnly);

/// <summary>
/// One replay: the hot set starts as the newest documents (the cold start); a warm-up day of questions goes through the
/// two-tier retriever, which counts the asks; the nightly refresh rebuilds the hot set from the asks; the warm-up
/// day's questions through each tier alone tune the confidence threshold; then the measured day goes through the
/// retriever with the tuned threshold and through PostgreSQL alone, question by question, alternating which goes first.
/// </summary>
internal sealed class ReplayRun(ReplayCorpus corpus, ReplayQueries queries, PostgresColdTier cold, ReplaySettings settings, TextWriter output)
{
    private const int Dimensions = 384;
    private const int ProgressEvery = 5_000;

    public async Task<ReplayOutcome> RunAsync(ReplayEngine engine, ZipfSampler zipf, string runId, CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"replay-{runId}-{engine.Key}-{zipf.Exponent * 10:0}-{settings.HotSize}-{settings.Policy}");
        var schema = new VectorIndexSchema { Name = name, KeyPrefix = $"{name}:", Dimension = Dimensions };
        var redis = engine.Server.Connection;
        var hot = engine.Open(schema);
        await hot.EnsureCreatedAsync(cancellationToken);
        using var retrieval = new BenchmarkRetrieval(redis, hot, cold);
        var refresher = new HotSetRefresher(
            hot, cold, retrieval.Asks, redis, retrieval.Results,
            Options.Create(new HotSetOptions { Size = settings.HotSize, Schedule = null, Policy = settings.Policy.ToString() }), NullLogger<HotSetRefresher>.Instance);

        try
        {
            output.WriteLine($"-- {engine.Name}, s = {zipf.Exponent.ToString("0.0", CultureInfo.InvariantCulture)}, {settings.HotSize:N0} hot, {settings.Policy} --");
            await refresher.RefreshAsync(cancellationToken);

            var warmUp = queries.Day(zipf, 0, settings.QueriesPerDay);
            var rightFromCold = await WarmUpAsync(warmUp, retrieval.Retriever(new RetrievalOptions().ConfidenceThreshold), cancellationToken);

            // The asks are fire-and-forget: a reply on the same connection comes after all of them.
            await redis.GetDatabase().PingAsync();
            var plan = await refresher.PlanAsync(cancellationToken);
            var refreshStarted = Stopwatch.GetTimestamp();
            await refresher.RefreshAsync(cancellationToken);
            var refreshElapsed = Stopwatch.GetElapsedTime(refreshStarted);
            var hotSet = plan.Ids.Select(ReplayCorpus.IndexOf).ToHashSet();
            output.WriteLine($"  night: {plan.Ids.Count:N0} hot ({plan.FromAsks:N0} from asks) in {refreshElapsed.TotalSeconds:0.0} s");

            // Tuned on the hot set the measured day will use, with questions the measured day does not ask.
            var tuned = ThresholdTuning.Tune(await ObserveHotAsync(hot, warmUp, rightFromCold, cancellationToken), settings.QualityTolerance);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  tuned on the warm-up day: threshold {tuned.Threshold:0.00} (hot answers {tuned.HitRate:P1}, right {tuned.Quality:P2} vs PostgreSQL alone {tuned.ColdQuality:P2})"));

            var day = queries.Day(zipf, 1, settings.QueriesPerDay);
            var retriever = retrieval.Retriever(tuned.Threshold);
            var answers = new List<(RetrievalResult Result, TimeSpan Elapsed, bool Right)>(day.Count);
            var coldAnswers = new List<(VectorSearchResult Result, TimeSpan Elapsed, bool Right)>(day.Count);
            foreach (var (query, index) in day.Select((query, index) => (query, index)))
            {
                // Each question through both, side by side, the one going first alternating: whichever runs second finds
                // PostgreSQL's pages for it warm, and the machine's load drifts over a day; neither may favour one side.
                if (index % 2 == 0)
                {
                    answers.Add(await TwoTiersAsync(query));
                    coldAnswers.Add(await PostgresAloneAsync(query));
                }
                else
                {
                    coldAnswers.Add(await PostgresAloneAsync(query));
                    answers.Add(await TwoTiersAsync(query));
                }

                Progress("measured day", answers.Count);
            }

            async Task<(RetrievalResult Result, TimeSpan Elapsed, bool Right)> TwoTiersAsync(ReplayQuery query)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await retriever.RetrieveAsync(new RetrievalQuery(Search(query)), cancellationToken);
                return (result, Stopwatch.GetElapsedTime(started), Holds(result.Hits, query));
            }

            async Task<(VectorSearchResult Result, TimeSpan Elapsed, bool Right)> PostgresAloneAsync(ReplayQuery query)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await cold.SearchAsync(Search(query), cancellationToken);
                return (result, Stopwatch.GetElapsedTime(started), Holds(result.Hits, query));
            }

            // The measured day through the hot tier alone, untimed: what the default threshold would have answered.
            var atDefault = ThresholdTuning.Evaluate(
                await ObserveHotAsync(hot, day, [.. coldAnswers.Select(answer => answer.Right)], cancellationToken), new RetrievalOptions().ConfidenceThreshold);

            // How much of PostgreSQL's own top k each two-tier answer holds: the hot tier can be right about the
            // question's document yet fill the rest of its answer with lesser matches.
            var agreement = answers.Zip(coldAnswers).Average(pair =>
                (double)pair.First.Result.Hits.Select(hit => hit.Id).Intersect(pair.Second.Result.Hits.Select(hit => hit.Id), StringComparer.Ordinal).Count()
                / Math.Max(1, pair.Second.Result.Hits.Count));

            var hits = answers.Where(answer => answer.Result.Tier == RetrievalTier.Hot).ToList();
            var misses = answers.Where(answer => answer.Result.Tier == RetrievalTier.Cold).ToList();
            return new ReplayOutcome(
                engine.Name,
                zipf.Exponent,
                settings.Policy,
                settings.HotSize,
                zipf.MassOfTop(settings.HotSize),
                day.Average(query => hotSet.Contains(query.Document) ? 1.0 : 0.0),
                plan.FromAsks,
                refreshElapsed,
                tuned,
                (double)hits.Count / answers.Count,
                hits.Count == 0 ? double.NaN : hits.Average(answer => answer.Right ? 1.0 : 0.0),
                misses.GroupBy(answer => answer.Result.MissReason!.Value).ToDictionary(group => group.Key, group => group.Count()),
                answers.Average(answer => answer.Right ? 1.0 : 0.0),
                coldAnswers.Average(answer => answer.Right ? 1.0 : 0.0),
                agreement,
                atDefault,
                Latencies.Of(answers.Select(answer => answer.Elapsed)),
                Latencies.Of(hits.Select(answer => answer.Elapsed)),
                Latencies.Of(misses.Select(answer => answer.Elapsed)),
                Latencies.Of(coldAnswers.Select(answer => answer.Elapsed)));
        }
        finally
        {
            await ReplayCleanup.DropAsync(engine.Server.Connection, name);
        }
    }

    /// <summary>
    /// The warm-up day: each question through the retriever, which counts the asks the nightly refresh ranks by, then
    /// through PostgreSQL alone; returns whether PostgreSQL's answer was right, question by question.
    /// </summary>
    private async Task<bool[]> WarmUpAsync(IReadOnlyList<ReplayQuery> day, TwoTierRetriever retriever, CancellationToken cancellationToken)
    {
        var right = new bool[day.Count];
        for (var index = 0; index < day.Count; index++)
        {
            var search = Search(day[index]);
            await retriever.RetrieveAsync(new RetrievalQuery(search), cancellationToken);
            right[index] = Holds((await cold.SearchAsync(search, cancellationToken)).Hits, day[index]);
            Progress("warm-up day", index + 1);
        }

        return right;
    }

    /// <summary>A day's questions through the hot tier alone, beside whether PostgreSQL alone answered each right.</summary>
    private async Task<List<TierObservation>> ObserveHotAsync(
        IVectorIndex hot, IReadOnlyList<ReplayQuery> day, bool[] rightFromCold, CancellationToken cancellationToken)
    {
        var observations = new List<TierObservation>(day.Count);
        for (var index = 0; index < day.Count; index++)
        {
            var fromHot = await hot.SearchAsync(Search(day[index]), cancellationToken);
            observations.Add(new TierObservation(
                fromHot.Hits.Count >= settings.K, fromHot.Hits.Count > 0 ? fromHot.Hits[0].Similarity : null, Holds(fromHot.Hits, day[index]), rightFromCold[index]));
        }

        return observations;
    }

    /// <summary>The question as a tenant's user asks it: the tenant filter comes with every query.</summary>
    private KnnQuery Search(ReplayQuery query) => new()
    {
        Vector = queries.Vector(query),
        K = settings.K,
        Filter = new VectorFilter { Tenant = corpus.Tenant(query.Document) },
    };

    private static bool Holds(IReadOnlyList<VectorHit> hits, ReplayQuery query) =>
        hits.Any(hit => ReplayCorpus.IndexOf(hit.Id) == query.Document);

    private void Progress(string phase, int done)
    {
        if (done % ProgressEvery == 0)
        {
            output.WriteLine($"  {phase}: {done:N0} / {settings.QueriesPerDay:N0}");
        }
    }
}
