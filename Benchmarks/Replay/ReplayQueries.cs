using System.Globalization;
using RedisAspire.Benchmarks.Vectors;

namespace RedisAspire.Benchmarks.Replay;

/// <summary>One question asked: the document it was taken from (the one a right answer contains) and its wording.</summary>
internal readonly record struct ReplayQuery(int Document, int Variant);

/// <summary>
/// Who asks what: a fixed popularity order over the documents (a seeded shuffle, independent of their age, or newest
/// first), and each day's questions drawn from it with Zipf's law, every question in one of its document's wordings. The same seed
/// gives the same days, so runs and engines are compared on identical questions.
/// </summary>
internal sealed class ReplayQueries
{
    private readonly int[] popularity;
    private readonly Dictionary<ReplayQuery, float[]> vectors;

    private ReplayQueries(int[] popularity, Dictionary<ReplayQuery, float[]> vectors)
    {
        this.popularity = popularity;
        this.vectors = vectors;
    }

    /// <summary>The documents from the most asked down.</summary>
    public IReadOnlyList<int> ByPopularity => popularity;

    public float[] Vector(ReplayQuery query) => vectors[query];

    /// <summary>Day <paramref name="day"/>'s questions under <paramref name="zipf"/>.</summary>
    public IReadOnlyList<ReplayQuery> Day(ZipfSampler zipf, int day, int count) => Draw(popularity, zipf, day, count);

    /// <summary>
    /// The popularity order, and the embeddings of every question the given days ask. With <paramref name="recent"/>,
    /// the newest documents (by updated_at) are the most asked, as when questions follow what changed last.
    /// </summary>
    public static async Task<ReplayQueries> CreateAsync(
        ReplayCorpus corpus, IEnumerable<ZipfSampler> laws, int days, int perDay, string cacheDirectory, TextWriter output, bool recent = false)
    {
        var popularity = Enumerable.Range(0, corpus.Count).ToArray();
        if (recent)
        {
            popularity = [.. popularity.OrderByDescending(index => corpus.Fields[index].UpdatedAt).ThenBy(index => index)];
        }
        else
        {
            new Random(ReplayCorpus.Seed).Shuffle(popularity);
        }

        // One embedding list per law, so a run over some of the laws reuses the cached embeddings of a run over all.
        var vectors = new Dictionary<ReplayQuery, float[]>();
        foreach (var zipf in laws)
        {
            var asked = Enumerable.Range(0, days).SelectMany(day => Draw(popularity, zipf, day, perDay))
                .Distinct()
                .OrderBy(query => query.Document).ThenBy(query => query.Variant)
                .ToArray();
            output.WriteLine($"Questions under s = {zipf.Exponent.ToString("0.0#", CultureInfo.InvariantCulture)}: {asked.Length:N0} distinct wordings of {asked.Select(query => query.Document).Distinct().Count():N0} documents.");
            var embedded = await CachedEmbeddings.EmbedAsync([.. asked.Select(query => corpus.QueryText(query.Document, query.Variant))], cacheDirectory, output);
            foreach (var (query, vector) in asked.Zip(embedded))
            {
                vectors[query] = vector;
            }
        }

        return new ReplayQueries(popularity, vectors);
    }

    private static ReplayQuery[] Draw(int[] popularity, ZipfSampler zipf, int day, int count)
    {
        // Not HashCode.Combine: it is seeded per process, and the days must be the same in every run.
        var random = new Random(ReplayCorpus.Seed + (1_000 * day) + (int)Math.Round(100 * zipf.Exponent));
        var queries = new ReplayQuery[count];
        for (var index = 0; index < count; index++)
        {
            queries[index] = new ReplayQuery(popularity[zipf.Next(random)], random.Next(ReplayCorpus.QueryVariants));
        }

        return queries;
    }
}
