using Microsoft.Extensions.AI;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Tests.Unit.Embeddings;

[Trait("Category", "Unit")]
public sealed class CachingEmbeddingGeneratorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly CachePolicy OneHour = CachePolicy.Fixed(TimeSpan.FromHours(1));

    private readonly InMemoryResultCache cache = new();
    private readonly CountingEmbeddingGenerator inner = new();

    private CachingEmbeddingGenerator Generator(string modelId = "test-model") => new(inner, cache, OneHour, modelId);

    [Fact]
    public async Task ABatchCallsTheInnerGeneratorOnceWithOnlyTheMissingTexts()
    {
        using var generator = Generator();
        await generator.GenerateAsync(["alpha", "beta"]).WaitAsync(Timeout);

        var embeddings = await generator.GenerateAsync(["alpha", "gamma", "beta", "delta"]).WaitAsync(Timeout);

        Assert.Equal(2, inner.Calls.Count);
        Assert.Equal(["gamma", "delta"], inner.Calls[1]);
        Assert.Equal(
            [CacheOutcome.Hit, CacheOutcome.Miss, CacheOutcome.Hit, CacheOutcome.Miss],
            embeddings.Select(embedding => embedding.GetCacheOutcome()));
        Assert.Equal(
            new[] { "alpha", "gamma", "beta", "delta" }.Select(CountingEmbeddingGenerator.VectorOf),
            embeddings.Select(embedding => embedding.Vector.ToArray()));
    }

    [Fact]
    public async Task ATenantsEmbeddingsAreItsOwnEntriesAndTheModelIsAskedAsForAnyone()
    {
        using var generator = Generator();

        var shared = await generator.GenerateAsync(["soup"]).WaitAsync(Timeout);
        var mine = await generator.GenerateAsync(["soup"], EmbeddingCacheProperties.ForTenant("harbor-bistro")).WaitAsync(Timeout);
        var theirs = await generator.GenerateAsync(["soup", "stew"], EmbeddingCacheProperties.ForTenant("st-aidan-clinic")).WaitAsync(Timeout);
        var mineAgain = await generator.GenerateAsync(["soup"], EmbeddingCacheProperties.ForTenant("harbor-bistro")).WaitAsync(Timeout);

        Assert.Equal([CacheOutcome.Miss, CacheOutcome.Miss, CacheOutcome.Miss, CacheOutcome.Miss, CacheOutcome.Hit],
            shared.Concat(mine).Concat(theirs).Concat(mineAgain).Select(embedding => embedding.GetCacheOutcome()));
        Assert.Equal("tenant:harbor-bistro:" + EmbeddingCacheKey.Create("test-model", "soup"), mine[0].GetCacheKey());
        Assert.Equal(generator.KeyFor("soup", "st-aidan-clinic"), theirs[0].GetCacheKey());
        Assert.Equal([["soup"], ["soup"], ["soup", "stew"]], inner.Calls);
        Assert.All(inner.Options, options => Assert.Null(options));
    }

    [Fact]
    public async Task EveryMissIsStoredUnderItsKeyWithThePolicy()
    {
        using var generator = Generator();

        await generator.GenerateAsync(["gamma", "delta"]).WaitAsync(Timeout);

        foreach (var text in new[] { "gamma", "delta" })
        {
            var key = EmbeddingCacheKey.Create("test-model", text);
            Assert.Equal(CountingEmbeddingGenerator.VectorOf(text), cache.Peek<CachedEmbedding>(key)!.Vector);
            Assert.Equal(OneHour, cache.PolicyOf(key));
        }
    }

    [Fact]
    public async Task ASecondCallIsServedFromTheCacheWithoutTheInnerGenerator()
    {
        using var generator = Generator();

        var first = await generator.GenerateAsync("Hello world").WaitAsync(Timeout);
        var second = await generator.GenerateAsync("Hello world").WaitAsync(Timeout);

        Assert.Single(inner.Calls);
        Assert.Equal(CacheOutcome.Miss, first.GetCacheOutcome());
        Assert.Equal(CacheOutcome.Hit, second.GetCacheOutcome());
        Assert.Equal(first.Vector.ToArray(), second.Vector.ToArray());
        Assert.Equal("test-model", second.ModelId);
        Assert.Equal(EmbeddingCacheKey.Create("test-model", "Hello world"), second.GetCacheKey());
    }

    [Fact]
    public async Task AnEmptyInputGivesAnEmptyResultWithoutCallingTheModelOrTheCache()
    {
        using var generator = Generator();

        var embeddings = await generator.GenerateAsync([]).WaitAsync(Timeout);

        Assert.Empty(embeddings);
        Assert.Empty(inner.Calls);
        Assert.Empty(cache.Keys);
    }

    [Fact]
    public async Task TheInnerGeneratorEmbedsTheNormalisedTextAndDuplicatesOnlyOnce()
    {
        using var generator = Generator();

        var embeddings = await generator.GenerateAsync(["  Hello\n world ", "Hello world", "other", "other "]).WaitAsync(Timeout);

        Assert.Equal(["Hello world", "other"], Assert.Single(inner.Calls));
        Assert.Equal(4, embeddings.Count);
        Assert.Equal(embeddings[0].Vector.ToArray(), embeddings[1].Vector.ToArray());
        Assert.Equal(embeddings[2].Vector.ToArray(), embeddings[3].Vector.ToArray());
    }

    [Fact]
    public async Task TwoModelsOverOneCacheDoNotShareEntries()
    {
        using var first = Generator("model-a");
        using var second = Generator("model-b");

        await first.GenerateAsync("Hello world").WaitAsync(Timeout);
        var fromSecond = await second.GenerateAsync("Hello world").WaitAsync(Timeout);

        Assert.Equal(2, inner.Calls.Count);
        Assert.Equal(CacheOutcome.Miss, fromSecond.GetCacheOutcome());
        Assert.Equal(2, cache.Keys.Count);
    }

    [Fact]
    public async Task CallsAskingForOtherDimensionsBypassTheCache()
    {
        using var generator = Generator();

        var embedding = await generator.GenerateAsync("Hello world", new EmbeddingGenerationOptions { Dimensions = 2 }).WaitAsync(Timeout);

        Assert.Null(embedding.GetCacheOutcome());
        Assert.Single(inner.Calls);
        Assert.Empty(cache.Keys);
    }

    [Fact]
    public async Task AFailingModelFailsTheCallAndStoresNothing()
    {
        using var generator = new CachingEmbeddingGenerator(new FailingEmbeddingGenerator(), cache, OneHour, "test-model");

        await Assert.ThrowsAsync<InvalidOperationException>(() => generator.GenerateAsync(["alpha", "beta", "gamma"]).WaitAsync(Timeout));

        Assert.Empty(cache.Keys);
    }

    [Fact]
    public async Task OverlappingBatchesRunningAtOnceAllFinishAndEmbedEachTextOnce()
    {
        const int Rounds = 500;
        using var generator = Generator();
        // One deadline for all rounds, not one per round: on a busy machine a round may be slow, but a deadlock never
        // finishes.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Two batches at a time want the same new texts in opposite orders. A cache that shares one factory call per key
        // would let each wait for a key whose factory the other holds, were batches not kept from doing so.
        for (var round = 0; round < Rounds; round++)
        {
            var texts = Enumerable.Range(0, 6).Select(index => $"round {round} text {index}").ToArray();
            var reversed = texts.Reverse().ToArray();
            using var start = new Barrier(2);
            var results = await Task.WhenAll(
                StartTogether(start, () => generator.GenerateAsync(texts), deadline.Token),
                StartTogether(start, () => generator.GenerateAsync(reversed), deadline.Token)).WaitAsync(deadline.Token);

            Assert.Equal(texts.Select(CountingEmbeddingGenerator.VectorOf), results[0].Select(embedding => embedding.Vector.ToArray()));
            Assert.Equal(reversed.Select(CountingEmbeddingGenerator.VectorOf), results[1].Select(embedding => embedding.Vector.ToArray()));
        }

        Assert.Equal(Rounds * 6, inner.Calls.Sum(call => call.Length));
        Assert.Equal(Rounds * 6, inner.Calls.SelectMany(call => call).Distinct().Count());
    }

    // Each call starts on its own thread once both threads are ready, so the two batches' lookups really interleave,
    // and a busy thread pool cannot hold one call back until the other has finished.
    private static Task<T> StartTogether<T>(Barrier start, Func<Task<T>> call, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () => { start.SignalAndWait(cancellationToken); return call(); },
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    [Fact]
    public void AModelIdThatCannotBeInAKeyIsRefused() =>
        Assert.Throws<ArgumentException>(() => Generator("model{a}"));

    private sealed class FailingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The model is unavailable.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
