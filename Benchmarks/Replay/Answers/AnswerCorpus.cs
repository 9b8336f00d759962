using System.Text.Json;
using RedisAspire.Benchmarks.Vectors;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Benchmarks.Replay.Answers;

/// <summary>
/// The answer replay's documents: the retrieval replay's manual passages (<see cref="ReplayCorpus"/>), then the sample
/// corpus's English menus, restaurant pages and clinic policies, each stored whole under its own tenant. Document
/// <c>i</c> is stored as <c>d{i}</c> in both cases, so an answer's passages name the document a question was about.
/// </summary>
internal sealed class AnswerCorpus
{
    private readonly ReplayCorpus passages;
    private readonly SourceDocument[] samples;
    private readonly float[][] sampleVectors;

    private AnswerCorpus(ReplayCorpus passages, SourceDocument[] samples, float[][] sampleVectors)
    {
        this.passages = passages;
        this.samples = samples;
        this.sampleVectors = sampleVectors;
    }

    public int Count => passages.Count + samples.Length;

    public int Passages => passages.Count;

    public int Samples => samples.Length;

    public ReplayCorpus Manual => passages;

    /// <summary>What a question about document <paramref name="index"/> is built from.</summary>
    public QuestionSource Source(int index)
    {
        if (index < passages.Count)
        {
            return new QuestionSource(QuestionKind.Passage, null, passages.Texts[index]);
        }

        var sample = samples[index - passages.Count];
        return new QuestionSource(IsDish(sample) ? QuestionKind.Dish : QuestionKind.Page, sample.Title, sample.Body);
    }

    public string Tenant(int index) => index < passages.Count ? passages.Tenant(index) : samples[index - passages.Count].Tenant;

    public ColdDocument Document(int index)
    {
        if (index < passages.Count)
        {
            return passages.Document(index);
        }

        var sample = samples[index - passages.Count];
        return new ColdDocument
        {
            Id = ReplayCorpus.Id(index),
            Tenant = sample.Tenant,
            Language = sample.Language,
            Title = sample.Title,
            Body = sample.Body,
            Metadata = sample.Metadata,
            UpdatedAt = sample.UpdatedAt,
            ContentHash = ContentHash.Of(sample.Body),
            EmbeddingModel = LocalEmbeddingGenerator.DefaultModelId,
            Vector = sampleVectors[index - passages.Count],
        };
    }

    public static async Task<AnswerCorpus> LoadAsync(int passageCount, string cacheDirectory, TextWriter output)
    {
        var passages = await ReplayCorpus.LoadAsync(passageCount, cacheDirectory, output);
        SourceDocument[] samples = [.. SampleCorpus.Load().Where(document => document.Language == "en")];
        var vectors = await CachedEmbeddings.EmbedAsync([.. samples.Select(sample => $"{sample.Title}\n\n{sample.Body}")], cacheDirectory, output);
        return new AnswerCorpus(passages, samples, vectors);
    }

    /// <summary>Dishes and wines are asked about as things one orders; the rest as pages one reads.</summary>
    private static bool IsDish(SourceDocument document)
    {
        using var metadata = JsonDocument.Parse(document.Metadata);
        return metadata.RootElement.TryGetProperty("category", out var category)
            && category.GetString() is "menu" or "wine";
    }
}

/// <summary>What kind of document a question is about.</summary>
internal enum QuestionKind
{
    /// <summary>A passage of a manual: asked about a phrase of its text.</summary>
    Passage,

    /// <summary>A dish or a wine on the sample restaurant's menu.</summary>
    Dish,

    /// <summary>Any other sample page: opening hours, a clinic policy.</summary>
    Page,
}

/// <summary>A document as a question sees it: its kind, its title (for sample documents) and its text.</summary>
internal sealed record QuestionSource(QuestionKind Kind, string? Title, string Text);
