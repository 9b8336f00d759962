using System.Diagnostics;

namespace RedisAspire.Benchmarks.Replay;

/// <summary>What one warm-up question got from each tier on its own.</summary>
/// <param name="HotFull">The hot tier found K documents.</param>
/// <param name="HotBest">The similarity of its best match; null when it found none.</param>
/// <param name="RightFromHot">The hot tier's answer holds the document the question came from.</param>
/// <param name="RightFromCold">PostgreSQL's answer holds it.</param>
internal readonly record struct TierObservation(bool HotFull, double? HotBest, bool RightFromHot, bool RightFromCold);

/// <summary>A confidence threshold and what it gives on a day of questions: hot answers, right answers, and right answers from PostgreSQL alone.</summary>
internal sealed record TunedThreshold(double Threshold, double HitRate, double Quality, double ColdQuality);

/// <summary>Chooses <c>Retrieval:ConfidenceThreshold</c> from one day's questions, answered by both tiers.</summary>
internal static class ThresholdTuning
{
    /// <summary>
    /// The lowest threshold, in steps of 0.01, whose two-tier answers hold the right document at least as often as
    /// PostgreSQL's alone, less <paramref name="tolerance"/>: the most hot answers that cost no more than that in
    /// answer quality.
    /// </summary>
    public static TunedThreshold Tune(IReadOnlyList<TierObservation> observations, double tolerance)
    {
        ArgumentOutOfRangeException.ThrowIfZero(observations.Count);
        var coldQuality = observations.Average(observation => observation.RightFromCold ? 1.0 : 0.0);

        // Above 1 no hot answer is used, so the last step always qualifies.
        for (var step = 0; step <= 101; step++)
        {
            var outcome = Evaluate(observations, step / 100.0);
            if (outcome.Quality >= coldQuality - tolerance)
            {
                return outcome;
            }
        }

        throw new UnreachableException("Above 1 no hot answer is used, and that threshold always qualifies.");
    }

    /// <summary>The share of hot answers, and of right answers, that <paramref name="threshold"/> gives on the observed questions.</summary>
    public static TunedThreshold Evaluate(IReadOnlyList<TierObservation> observations, double threshold)
    {
        var (hits, right) = (0, 0);
        foreach (var observation in observations)
        {
            var hit = observation.HotFull && observation.HotBest >= threshold;
            hits += hit ? 1 : 0;
            right += (hit ? observation.RightFromHot : observation.RightFromCold) ? 1 : 0;
        }

        return new TunedThreshold(
            threshold, (double)hits / observations.Count, (double)right / observations.Count, observations.Average(observation => observation.RightFromCold ? 1.0 : 0.0));
    }
}
