using System.Globalization;
using RedisAspire.Benchmarks.Vectors;

namespace RedisAspire.Benchmarks.Replay.Answers;

/// <summary>
/// One question asked of the bot: the document it is about (the one a right answer holds), which of the document's
/// questions (-1 for a first-time question), and its wording (for a first-time question, its serial number).
/// </summary>
internal readonly record struct BotAsk(int Document, int Question, int Wording)
{
    public bool IsFirstTime => Question < 0;
}

/// <summary>
/// Who asks the bot what: a fixed popularity order over every document's questions (a seeded shuffle), each day's
/// questions drawn from it by Zipf's law, each in one of its wordings drawn evenly, and a fixed share of first-time
/// questions (a document drawn by the same law, worded as nobody asked before). Popular questions are met in every
/// wording; a measured day also meets wordings the warm-up day never asked, and repeats. The same seed gives the same
/// days in every run.
/// </summary>
internal sealed class BotTraffic
{
    private readonly AnswerCorpus corpus;
    private readonly int[] popularity;
    private readonly double firstTimeShare;
    private readonly Dictionary<string, float[]> vectors;

    private BotTraffic(AnswerCorpus corpus, int[] popularity, double firstTimeShare, Dictionary<string, float[]> vectors)
    {
        this.corpus = corpus;
        this.popularity = popularity;
        this.firstTimeShare = firstTimeShare;
        this.vectors = vectors;
    }

    public int Questions => popularity.Length;

    /// <summary>The embedding of every text the days ask, by text.</summary>
    public IReadOnlyDictionary<string, float[]> Vectors => vectors;

    public string Text(BotAsk ask) => Text(corpus, ask);

    /// <summary>Every wording of the most popular question, and of the most popular question about a sample document.</summary>
    public IEnumerable<string> Examples()
    {
        var top = popularity[0];
        var sample = popularity.FirstOrDefault(question => question / BotWordings.QuestionsPerDocument >= corpus.Passages, popularity[^1]);
        foreach (var question in new[] { top, sample })
        {
            var (document, which) = Math.DivRem(question, BotWordings.QuestionsPerDocument);
            for (var wording = 0; wording < BotWordings.Wordings; wording++)
            {
                yield return Text(new BotAsk(document, which, wording));
            }
        }

        yield return Text(new BotAsk(popularity[1] / BotWordings.QuestionsPerDocument, -1, 1));
    }

    /// <summary>Day <paramref name="day"/>'s questions under <paramref name="zipf"/> (a law over <see cref="Questions"/> ranks).</summary>
    public IReadOnlyList<BotAsk> Day(ZipfSampler zipf, int day, int count) => Draw(popularity, firstTimeShare, zipf, day, count);

    /// <summary>
    /// How many questions the bot is asked about: every document's, or with <paramref name="samplesOnly"/> only the
    /// sample corpus's (a restaurant's and a clinic's bot, whose users ask about nothing else).
    /// </summary>
    public static int QuestionCount(AnswerCorpus corpus, bool samplesOnly) =>
        (samplesOnly ? corpus.Samples : corpus.Count) * BotWordings.QuestionsPerDocument;

    public static async Task<BotTraffic> CreateAsync(
        AnswerCorpus corpus, bool samplesOnly, IEnumerable<ZipfSampler> laws, int days, int perDay, double firstTimeShare, string cacheDirectory, TextWriter output)
    {
        var first = samplesOnly ? corpus.Passages * BotWordings.QuestionsPerDocument : 0;
        var popularity = Enumerable.Range(first, QuestionCount(corpus, samplesOnly)).ToArray();
        new Random(ReplayCorpus.Seed).Shuffle(popularity);

        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var zipf in laws)
        {
            var asked = Enumerable.Range(0, days).SelectMany(day => Draw(popularity, firstTimeShare, zipf, day, perDay)).ToArray();
            string[] texts = [.. asked.Select(ask => Text(corpus, ask)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Bot questions under s = {zipf.Exponent:0.0#}: {texts.Length:N0} distinct texts, {asked.Where(ask => !ask.IsFirstTime).Select(ask => (ask.Document, ask.Question)).Distinct().Count():N0} distinct questions asked again or for the first time, {asked.Count(ask => ask.IsFirstTime):N0} first-time questions."));
            var embedded = await CachedEmbeddings.EmbedAsync(texts, cacheDirectory, output);
            foreach (var (text, vector) in texts.Zip(embedded))
            {
                vectors[text] = vector;
            }
        }

        return new BotTraffic(corpus, popularity, firstTimeShare, vectors);
    }

    private static string Text(AnswerCorpus corpus, BotAsk ask) => ask.IsFirstTime
        ? BotWordings.FirstTime(corpus.Source(ask.Document), new Random(ReplayCorpus.Seed ^ ask.Wording))
        : BotWordings.Text(corpus.Source(ask.Document), ask.Question, ask.Wording);

    private static BotAsk[] Draw(int[] popularity, double firstTimeShare, ZipfSampler zipf, int day, int count)
    {
        // Not HashCode.Combine: it is seeded per process, and the days must be the same in every run.
        var random = new Random(ReplayCorpus.Seed + (1_000 * day) + (int)Math.Round(100 * zipf.Exponent) + 7);
        var asks = new BotAsk[count];
        for (var index = 0; index < count; index++)
        {
            var question = popularity[zipf.Next(random)];
            var (document, which) = Math.DivRem(question, BotWordings.QuestionsPerDocument);
            asks[index] = random.NextDouble() < firstTimeShare
                ? new BotAsk(document, -1, (day * count) + index + 1)
                : new BotAsk(document, which, random.Next(BotWordings.Wordings));
        }

        return asks;
    }
}
