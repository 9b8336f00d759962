using System.Globalization;
using RedisAspire.Benchmarks.Vectors;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Benchmarks.Replay;

/// <summary>
/// The replay's documents: distinct thirty-word passages of two real manuals (PostgreSQL 15, then Python 3.11), no two
/// overlapping, so each query has one document it was taken from. Tenants, languages and update times are drawn with a
/// fixed seed, as in the vector suite.
/// </summary>
internal sealed class ReplayCorpus
{
    public const int Seed = 20241126;
    public const int DefaultSize = 80_000;

    /// <summary>Words per passage: thirty-word windows of both manuals give about 84,000 passages.</summary>
    private const int PassageWords = 30;
    private const int MinimumWords = 12;
    private const string PythonManual = "/usr/share/doc/python3.11/html";

    /// <summary>A query is twelve consecutive words of its document: the start, the middle or the end.</summary>
    private const int QueryWords = 12;
    public const int QueryVariants = 3;

    private ReplayCorpus(string[] texts, float[][] vectors, DocumentFields[] fields)
    {
        Texts = texts;
        Vectors = vectors;
        Fields = fields;
    }

    public string[] Texts { get; }

    public float[][] Vectors { get; }

    public DocumentFields[] Fields { get; }

    public int Count => Texts.Length;

    public static string Id(int index) => string.Create(CultureInfo.InvariantCulture, $"d{index}");

    public static int IndexOf(string id) => int.Parse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);

    public string Tenant(int index) => VectorCorpus.Tenants[Fields[index].Tenant].Name;

    /// <summary>Variant <paramref name="variant"/> of the question that document <paramref name="index"/> answers.</summary>
    public string QueryText(int index, int variant)
    {
        var words = Texts[index].Split(' ');
        var start = Math.Min(variant * (PassageWords - QueryWords) / (QueryVariants - 1), Math.Max(0, words.Length - QueryWords));
        return string.Join(' ', words.Skip(start).Take(QueryWords));
    }

    public ColdDocument Document(int index) => new()
    {
        Id = Id(index),
        Tenant = Tenant(index),
        Language = VectorCorpus.Languages[Fields[index].Language].Name,
        Title = string.Join(' ', Texts[index].Split(' ').Take(8)),
        Body = Texts[index],
        UpdatedAt = DateTimeOffset.FromUnixTimeSeconds(Fields[index].UpdatedAt),
        ContentHash = ContentHash.Of(Texts[index]),
        EmbeddingModel = LocalEmbeddingGenerator.DefaultModelId,
        Vector = Vectors[index],
    };

    public static async Task<ReplayCorpus> LoadAsync(int count, string cacheDirectory, TextWriter output)
    {
        var texts = Passages(count);
        var vectors = await CachedEmbeddings.EmbedAsync(texts, cacheDirectory, output);
        var random = new Random(Seed);
        var fields = new DocumentFields[count];
        for (var index = 0; index < count; index++)
        {
            fields[index] = new DocumentFields(
                VectorCorpus.Draw(random, VectorCorpus.Tenants),
                VectorCorpus.Draw(random, VectorCorpus.Languages),
                VectorCorpus.YearStart + (long)(random.NextDouble() * (VectorCorpus.YearEnd - VectorCorpus.YearStart)));
        }

        return new ReplayCorpus(texts, vectors, fields);
    }

    private static string[] Passages(int count)
    {
        // The Python manual is read only when the PostgreSQL manual's 34,008 passages are not enough.
        var paragraphs = ManualPassages.HtmlParagraphs(ManualPassages.ManualDirectory(), SearchOption.TopDirectoryOnly)
            .Concat(PythonParagraphs());
        var passages = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var paragraph in paragraphs)
        {
            var words = paragraph.Split(' ');
            for (var start = 0; start < words.Length; start += PassageWords)
            {
                var window = words.Skip(start).Take(PassageWords).ToArray();
                if (window.Length >= MinimumWords && seen.Add(string.Join(' ', window)))
                {
                    passages.Add(string.Join(' ', window));
                    if (passages.Count == count)
                    {
                        return [.. passages];
                    }
                }
            }
        }

        throw new InvalidOperationException($"The two manuals give {passages.Count:N0} passages; {count:N0} were asked for.");
    }

    private static IEnumerable<string> PythonParagraphs()
    {
        // python3.11-doc installs the pages under python3.11/html (its own python3.11-doc/html holds a link or two).
        if (!Directory.Exists(PythonManual))
        {
            throw new InvalidOperationException("The Python documentation (Debian package python3.11-doc) is not installed: run ./eng/benchmark.sh --replay, which installs it.");
        }

        return ManualPassages.HtmlParagraphs(PythonManual, SearchOption.AllDirectories);
    }
}
