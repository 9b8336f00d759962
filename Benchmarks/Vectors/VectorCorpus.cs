using System.Globalization;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Benchmarks.Vectors;

/// <summary>The filter fields one document carries: a tenant, a language and when it was last updated (Unix seconds).</summary>
internal readonly record struct DocumentFields(int Tenant, int Language, long UpdatedAt);

/// <summary>
/// Real passages of the PostgreSQL manual and their all-MiniLM-L6-v2 embeddings, shuffled with a fixed seed: the first
/// <see cref="QueryCount"/> are held out as queries, the rest are the corpus (each size takes its first N). Filter
/// fields are drawn from the same seed, so every run indexes the same documents and asks the same questions.
/// </summary>
internal sealed class VectorCorpus
{
    public const int Seed = 20240501;
    public const int QueryCount = 1_000;
    public const int MaxDocuments = 50_000;

    /// <summary>Tenants with skewed sizes: 40 %, 30 %, 20 %, 10 % of the documents.</summary>
    public static readonly (string Name, double Share)[] Tenants = [("tidewater", 0.4), ("harbor", 0.3), ("summit", 0.2), ("meadow", 0.1)];

    /// <summary>Two language labels: 70 % and 30 % of the documents (the text is English throughout; the label is what is filtered).</summary>
    public static readonly (string Name, double Share)[] Languages = [("en", 0.7), ("de", 0.3)];

    /// <summary>Documents were updated uniformly over 2024.</summary>
    public static readonly long YearStart = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    public static readonly long YearEnd = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>Filtered queries ask for documents updated since 1 May 2024 (1714521600), two thirds of the year.</summary>
    public static readonly DateTimeOffset UpdatedAfter = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private const int TitleWords = 8;

    private VectorCorpus(string[] texts, float[][] vectors, DocumentFields[] fields, string[] queryTexts, float[][] queryVectors, VectorFilter[] queryFilters)
    {
        Texts = texts;
        Vectors = vectors;
        Fields = fields;
        QueryTexts = queryTexts;
        QueryVectors = queryVectors;
        QueryFilters = queryFilters;
    }

    public string[] Texts { get; }

    public float[][] Vectors { get; }

    public DocumentFields[] Fields { get; }

    public string[] QueryTexts { get; }

    public float[][] QueryVectors { get; }

    /// <summary>Each query's filter for the filtered runs: a tenant and a language drawn with the documents' skew, updated since <see cref="UpdatedAfter"/>.</summary>
    public VectorFilter[] QueryFilters { get; }

    public int Count => Texts.Length;

    /// <summary>The id of document <paramref name="index"/> in every engine.</summary>
    public static string Id(int index) => string.Create(CultureInfo.InvariantCulture, $"p{index}");

    public static int IndexOf(string id) => int.Parse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Whether document <paramref name="index"/> passes <paramref name="filter"/> (tenant, language and updated_at only).</summary>
    public bool Passes(int index, VectorFilter filter)
    {
        var fields = Fields[index];
        return (filter.Tenant is null || Tenants[fields.Tenant].Name == filter.Tenant)
            && (filter.Language is null || Languages[fields.Language].Name == filter.Language)
            && (filter.UpdatedAfter is not { } after || fields.UpdatedAt >= after.ToUnixTimeSeconds());
    }

    public VectorDocument Document(int index) => new(
        Id(index),
        Vectors[index],
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [VectorFilter.TenantField] = Tenants[Fields[index].Tenant].Name,
            [VectorFilter.LanguageField] = Languages[Fields[index].Language].Name,
        },
        new Dictionary<string, double>(StringComparer.Ordinal) { [VectorFilter.UpdatedAtField] = Fields[index].UpdatedAt },
        new Dictionary<string, string>(StringComparer.Ordinal) { ["title"] = string.Join(' ', Texts[index].Split(' ').Take(TitleWords)) });

    /// <summary>
    /// <paramref name="count"/> documents and <see cref="QueryCount"/> queries; embeddings come from the cache under
    /// <paramref name="cacheDirectory"/> when it holds them for exactly these texts, else from the model (then cached).
    /// </summary>
    public static async Task<VectorCorpus> LoadAsync(int count, string cacheDirectory, TextWriter output)
    {
        if (count is < 1 or > MaxDocuments)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The corpus holds 1 to {MaxDocuments:N0} documents.");
        }

        // One shuffled pool whatever the count: every size's documents are a prefix of the largest's.
        var pool = ManualPassages.LoadChunks(QueryCount + MaxDocuments).ToArray();
        var random = new Random(Seed);
        random.Shuffle(pool);
        var passages = pool[..(QueryCount + count)];

        var vectors = await CachedEmbeddings.EmbedAsync(passages, cacheDirectory, output);

        // Queries' filters first, then every document's fields: the same draws whatever the count.
        var filters = new VectorFilter[QueryCount];
        for (var index = 0; index < QueryCount; index++)
        {
            filters[index] = new VectorFilter
            {
                Tenant = Tenants[Draw(random, Tenants)].Name,
                Language = Languages[Draw(random, Languages)].Name,
                UpdatedAfter = UpdatedAfter,
            };
        }

        var fields = new DocumentFields[MaxDocuments];
        for (var index = 0; index < MaxDocuments; index++)
        {
            fields[index] = new DocumentFields(
                Draw(random, Tenants), Draw(random, Languages), YearStart + (long)(random.NextDouble() * (YearEnd - YearStart)));
        }

        return new VectorCorpus(
            passages[QueryCount..], vectors[QueryCount..], fields[..count], passages[..QueryCount], vectors[..QueryCount], filters);
    }

    /// <summary>The index of one of <paramref name="choices"/>, drawn with their shares.</summary>
    internal static int Draw(Random random, (string Name, double Share)[] choices)
    {
        var draw = random.NextDouble();
        for (var index = 0; index < choices.Length - 1; index++)
        {
            draw -= choices[index].Share;
            if (draw < 0)
            {
                return index;
            }
        }

        return choices.Length - 1;
    }
}
