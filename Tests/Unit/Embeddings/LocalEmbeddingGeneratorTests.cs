using Microsoft.Extensions.AI;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Tests.Unit.Embeddings;

[Trait("Category", "Unit")]
public sealed class LocalEmbeddingGeneratorTests
{
    [Fact]
    public async Task AnEmptyInputGivesAnEmptyResultAndNeverLoadsTheModel()
    {
        using var generator = new LocalEmbeddingGenerator();

        var embeddings = await generator.GenerateAsync([]).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(embeddings);
        Assert.False(generator.IsModelLoaded);
    }

    [Fact]
    public void TheModelAndItsDimensionsAreKnownWithoutLoadingIt()
    {
        using var generator = new LocalEmbeddingGenerator();

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;

        Assert.Equal(("local", "all-MiniLM-L6-v2", 384), (metadata.ProviderName, metadata.DefaultModelId, metadata.DefaultModelDimensions));
        Assert.False(generator.IsModelLoaded);
    }

    [Fact]
    public async Task AskingForOtherDimensionsIsRefused()
    {
        using var generator = new LocalEmbeddingGenerator();

        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["text"], new EmbeddingGenerationOptions { Dimensions = 128 }));
        Assert.False(generator.IsModelLoaded);
    }

    [Fact]
    public void AShortTextIsNotCut() =>
        Assert.Equal("Keep refrigerated at 2-8C.", LocalEmbeddingGenerator.Truncate("Keep refrigerated at 2-8C.", 100));

    [Fact]
    public void ALongTextIsCutAtTheLastWordBoundaryWithinTheLimit()
    {
        var text = string.Join(' ', Enumerable.Repeat("insulin", 3_000));

        var cut = LocalEmbeddingGenerator.Truncate(text, 1_000);

        // 125 words of 7 letters and 124 spaces = 999 characters; the 126th word would end at 1,007.
        Assert.Equal(999, cut.Length);
        Assert.Equal(string.Join(' ', Enumerable.Repeat("insulin", 125)), cut);
        Assert.Equal(cut, LocalEmbeddingGenerator.Truncate(text, 1_000));
    }

    [Fact]
    public void AWordLongerThanSixtyFourCharactersIsCutThroughAtTheLimit() =>
        Assert.Equal("a " + new string('x', 998), LocalEmbeddingGenerator.Truncate("a " + new string('x', 20_000), 1_000));

    [Fact]
    public void ASurrogatePairIsNeverSplit()
    {
        var text = new string('x', 99) + "\U0001F600" + "tail";

        var cut = LocalEmbeddingGenerator.Truncate(text, 100);

        Assert.Equal(new string('x', 99), cut);
    }
}
