using Microsoft.Extensions.AI;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Tests.Unit.Embeddings;

namespace RedisAspire.Tests.Integration.Embeddings;

[Trait("Category", "Integration")]
[Collection(LocalModelCollection.Name)]
public sealed class LocalEmbeddingGeneratorTests(LocalModelFixture model)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private LocalEmbeddingGenerator Generator => model.Generator;

    [Fact]
    public async Task VectorsHave384DimensionsAndUnitLength()
    {
        var embeddings = await Generator.GenerateAsync(["How should insulin be stored?", "", "Ein deutscher Satz.", "日本語の文"]).WaitAsync(Timeout);

        Assert.All(embeddings, embedding =>
        {
            Assert.Equal(384, embedding.Dimensions);
            Assert.Equal(1.0, Norm(embedding.Vector.Span), 1e-4);
            Assert.Equal("all-MiniLM-L6-v2", embedding.ModelId);
        });
        Assert.True(Generator.IsModelLoaded);
    }

    [Fact]
    public async Task AQuestionIsCloserToItsAnswerThanToAnUnrelatedText()
    {
        var embeddings = await Generator.GenerateAsync([
            "How should insulin be stored?",
            "Insulin storage policy: keep refrigerated at 2-8C",
            "Espresso machine descaling steps"]).WaitAsync(Timeout);

        var related = Cosine(embeddings[0], embeddings[1]);
        var unrelated = Cosine(embeddings[0], embeddings[2]);

        // Measured here: about 0.75 and 0.15 (0.68 and 0.09 on other ONNX Runtime builds).
        Assert.True(related > 0.55, $"related {related}");
        Assert.True(unrelated < 0.3, $"unrelated {unrelated}");
    }

    [Fact]
    public async Task ABatchOf40TextsEqualsTheSameTextsEncodedOneByOne()
    {
        var texts = Enumerable.Range(0, 40)
            .Select(index => $"Document {index}: " + string.Join(' ', Enumerable.Repeat($"topic{index % 9}", index % 7 + 1)))
            .ToArray();

        var batch = await Generator.GenerateAsync(texts).WaitAsync(Timeout);
        var oneByOne = new List<Embedding<float>>();
        foreach (var text in texts)
        {
            oneByOne.Add(await Generator.GenerateAsync(text).WaitAsync(Timeout));
        }

        Assert.Equal(40, batch.Count);
        for (var index = 0; index < texts.Length; index++)
        {
            AssertClose(oneByOne[index], batch[index]);
        }
    }

    [Fact]
    public async Task ATextOf20000CharactersIsEmbeddedAsItsCutPrefix()
    {
        var words = new[] { "insulin", "storage", "refrigerated", "pharmacy", "policy", "temperature", "vial", "pen" };
        var text = string.Join(' ', Enumerable.Range(0, 4_000).Select(index => words[index * 7 % words.Length]))[..20_000];

        var whole = await Generator.GenerateAsync(text).WaitAsync(Timeout);
        var prefix = await Generator.GenerateAsync(LocalEmbeddingGenerator.Truncate(text, 1_000)).WaitAsync(Timeout);

        Assert.Equal(1.0, Norm(whole.Vector.Span), 1e-4);
        AssertClose(prefix, whole);
    }

    [Fact]
    public async Task EightConcurrentCallersGetTheSameVectorsAsSequentialCalls()
    {
        var texts = Enumerable.Range(0, 8).Select(index => $"Caller {index} asks about cold-chain storage, question {index * 13}.").ToArray();
        var sequential = new List<Embedding<float>>();
        foreach (var text in texts)
        {
            sequential.Add(await Generator.GenerateAsync(text).WaitAsync(Timeout));
        }

        var concurrent = await Task.WhenAll(texts.Select(text => Task.Run(() => Generator.GenerateAsync([text, text])))).WaitAsync(Timeout);

        for (var index = 0; index < texts.Length; index++)
        {
            AssertClose(sequential[index], concurrent[index][0]);
            AssertClose(sequential[index], concurrent[index][1]);
        }
    }

    [Fact]
    public async Task ThroughTheCacheASecondCallIsAHitWithTheSameVector()
    {
        // Not disposed: a delegating generator disposes its inner one, and this one is shared by the collection.
        var caching = new CachingEmbeddingGenerator(
            Generator, new InMemoryResultCache(), CachePolicy.Fixed(TimeSpan.FromHours(1)), LocalEmbeddingGenerator.DefaultModelId);

        var first = await caching.GenerateAsync("  Insulin storage policy:\nkeep refrigerated at 2-8C ").WaitAsync(Timeout);
        var second = await caching.GenerateAsync("Insulin storage policy: keep refrigerated at 2-8C").WaitAsync(Timeout);

        Assert.Equal(CacheOutcome.Miss, first.GetCacheOutcome());
        Assert.Equal(CacheOutcome.Hit, second.GetCacheOutcome());
        Assert.Equal(first.Vector.ToArray(), second.Vector.ToArray());
        Assert.Equal(384, second.Dimensions);
    }

    private static void AssertClose(Embedding<float> expected, Embedding<float> actual)
    {
        var expectedSpan = expected.Vector.Span;
        var actualSpan = actual.Vector.Span;
        Assert.Equal(expectedSpan.Length, actualSpan.Length);
        for (var index = 0; index < expectedSpan.Length; index++)
        {
            Assert.True(Math.Abs(expectedSpan[index] - actualSpan[index]) <= 1e-4, $"component {index}: {expectedSpan[index]} vs {actualSpan[index]}");
        }
    }

    private static double Norm(ReadOnlySpan<float> vector)
    {
        var sum = 0.0;
        foreach (var component in vector)
        {
            sum += component * component;
        }

        return Math.Sqrt(sum);
    }

    private static double Cosine(Embedding<float> left, Embedding<float> right)
    {
        var sum = 0.0;
        for (var index = 0; index < left.Vector.Length; index++)
        {
            sum += left.Vector.Span[index] * right.Vector.Span[index];
        }

        return sum / (Norm(left.Vector.Span) * Norm(right.Vector.Span));
    }
}
