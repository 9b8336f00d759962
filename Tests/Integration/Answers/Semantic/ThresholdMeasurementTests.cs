using RedisAspire.Core.Answers.Semantic;
using RedisAspire.Tests.Integration.Embeddings;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Answers.Semantic;

/// <summary>
/// What the default threshold means with the local model (all-MiniLM-L6-v2): the cosine distances of reworded
/// questions and of different questions on the same subject, printed for docs/semantic-cache.md. The replay of real
/// traffic measures the same on a larger set.
/// </summary>
[Trait("Category", "Integration")]
[Collection(LocalModelCollection.Name)]
public sealed class ThresholdMeasurementTests(LocalModelFixture model, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    // The same question in other words: a semantic hit is right.
    private static readonly (string, string)[] Reworded =
    [
        ("How should insulin be stored?", "What is the right way to store insulin?"),
        ("How long can opened insulin stay at room temperature?", "For how many days is an opened insulin pen fine outside the fridge?"),
        ("How do I descale my espresso machine?", "What are the steps to remove limescale from an espresso machine?"),
        ("What is the hand hygiene policy?", "What does the policy say about washing hands?"),
        ("How often should the grinder burrs be replaced?", "When do I need to change the burrs of my grinder?"),
        ("Who do I call when a patient falls?", "Whom should I contact after a patient fall?"),
        ("How do I reset my password?", "How can I reset my password?"),
        ("What temperature should milk be steamed to?", "To what temperature do I steam milk?"),
    ];

    // A different question on the same subject: a semantic hit would be a false hit.
    private static readonly (string, string)[] Different =
    [
        ("How should insulin be stored?", "How should insulin be transported?"),
        ("How long can opened insulin stay at room temperature?", "How long can unopened insulin stay in the fridge?"),
        ("How do I descale my espresso machine?", "How do I backflush my espresso machine?"),
        ("What is the hand hygiene policy?", "What is the visitor policy?"),
        ("How often should the grinder burrs be replaced?", "How often should the water filter be replaced?"),
        ("Who do I call when a patient falls?", "Who do I call when a patient has a fever?"),
        ("How do I reset my password?", "How do I change my username?"),
        ("What temperature should milk be steamed to?", "What temperature should the brew water be?"),
    ];

    [Fact]
    public async Task AtTheDefaultThresholdNoDifferentQuestionOnTheSameSubjectCountsAsTheSame()
    {
        var reworded = await DistancesAsync(Reworded);
        var different = await DistancesAsync(Different);
        var threshold = new SemanticAnswerCacheOptions().Threshold;

        Print("reworded", Reworded, reworded);
        Print("different", Different, different);
        output.WriteLine($"default threshold {threshold}: {reworded.Count(d => d <= threshold)} of {reworded.Length} reworded questions hit, " +
            $"{different.Count(d => d <= threshold)} of {different.Length} different questions hit; closest different question at {different.Min():0.000}");

        Assert.All(different, distance => Assert.True(distance > threshold, $"a different question at {distance:0.000}"));
        Assert.True(reworded.Average() < different.Average(), $"reworded {reworded.Average():0.000}, different {different.Average():0.000}");
    }

    private async Task<double[]> DistancesAsync((string, string)[] pairs)
    {
        var embeddings = await model.Generator.GenerateAsync([.. pairs.SelectMany(pair => new[] { pair.Item1, pair.Item2 })]).WaitAsync(Timeout);
        return [.. Enumerable.Range(0, pairs.Length).Select(i => 1 - Cosine(embeddings[2 * i].Vector.Span, embeddings[(2 * i) + 1].Vector.Span))];
    }

    private void Print(string kind, (string, string)[] pairs, double[] distances)
    {
        for (var i = 0; i < pairs.Length; i++)
        {
            output.WriteLine($"{kind} {distances[i]:0.000}: \"{pairs[i].Item1}\" / \"{pairs[i].Item2}\"");
        }
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        return dot / Math.Sqrt(normA * normB);
    }
}
