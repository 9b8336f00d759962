using System.Text.Json;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Ingestion;

[Trait("Category", "Unit")]
public sealed class SampleCorpusTests
{
    private static readonly IReadOnlyList<SourceDocument> Corpus = SampleCorpus.Load();

    [Fact]
    public void TheCorpusHasAtLeast300Documents() => Assert.InRange(Corpus.Count, 300, 1000);

    [Fact]
    public void TheCorpusHasTwoTenantsInTwoLanguagesEach()
    {
        var groups = Corpus.GroupBy(document => (document.Tenant, document.Language)).ToDictionary(group => group.Key, group => group.Count());

        Assert.Equal(
            [("harbor-bistro", "de"), ("harbor-bistro", "en"), ("st-aidan-clinic", "de"), ("st-aidan-clinic", "en")],
            groups.Keys.Order().ToArray<(string, string?)>());
        Assert.All(groups.Values, count => Assert.True(count >= 30, $"only {count} documents"));
    }

    [Fact]
    public void EveryDocumentIsValidAndChunkableWithAUniqueIdATitleAndADateIn2024To2026()
    {
        Assert.Equal(Corpus.Count, Corpus.Select(document => document.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Corpus, document =>
        {
            document.Validate();
            Assert.False(string.IsNullOrWhiteSpace(document.Title), document.Id);
            Assert.InRange(document.UpdatedAt, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
            Assert.All(new DocumentChunker().Chunk(document), chunk => VectorDocument.ValidateId(chunk.Id));
        });
    }

    [Fact]
    public void BodiesAreBetween60And250Words() =>
        Assert.All(Corpus, document => Assert.InRange(document.Body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length, 60, 250));

    [Fact]
    public void EveryTranslationNamesAnOriginalInTheSameTenant()
    {
        var byId = Corpus.ToDictionary(document => document.Id);

        Assert.All(Corpus.Where(document => document.Language == "de"), translation =>
        {
            var original = JsonDocument.Parse(translation.Metadata).RootElement.GetProperty("translation_of").GetString()!;
            Assert.Equal(translation.Tenant, byId[original].Tenant);
            Assert.Equal("en", byId[original].Language);
        });
    }

    [Fact]
    public void LoadingTwiceGivesTheSameDocuments() => Assert.Equal(Corpus, SampleCorpus.Load());
}
