using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Embeddings;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Tests.Unit.Embeddings;

[Trait("Category", "Unit")]
public sealed class EmbeddingProviderSelectionTests
{
    private static readonly Dictionary<string, string?> AzureSettings = new()
    {
        ["Embeddings:Provider"] = "AzureOpenAI",
        ["Embeddings:AzureOpenAI:Endpoint"] = "https://example.openai.azure.com/",
        ["Embeddings:AzureOpenAI:Deployment"] = "text-embedding-3-small",
        ["Embeddings:AzureOpenAI:Dimensions"] = "512",
        ["Embeddings:Cache:TimeToLive"] = "00:10:00",
        ["Embeddings:Cache:InProcess"] = "false",
    };

    [Fact]
    public void WithoutSettingsTheCachedLocalModelIsRegisteredAndNotYetLoaded()
    {
        using var host = EmbeddingsHost.Build(new Dictionary<string, string?>());

        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var local = host.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(EmbeddingsHostingExtensions.UncachedServiceKey);

        var caching = Assert.IsType<CachingEmbeddingGenerator>(generator);
        Assert.Equal("all-MiniLM-L6-v2", caching.ModelId);
        Assert.Equal(CachePolicy.Fixed(TimeSpan.FromHours(1)) with { UseL1 = true }, caching.Policy);
        Assert.Same(local, generator.GetService<LocalEmbeddingGenerator>());
        Assert.False(Assert.IsType<LocalEmbeddingGenerator>(local).IsModelLoaded);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal(("local", "all-MiniLM-L6-v2", 384), (metadata.ProviderName, metadata.DefaultModelId, metadata.DefaultModelDimensions));
    }

    [Fact]
    public void AzureOpenAIChosenByConfigurationIsBuiltWithAnApiKeyWithoutAnyNetworkCall()
    {
        using var host = EmbeddingsHost.Build(new Dictionary<string, string?>(AzureSettings) { ["Embeddings:AzureOpenAI:ApiKey"] = "not-a-real-key" });

        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var caching = Assert.IsType<CachingEmbeddingGenerator>(generator);
        Assert.Equal("text-embedding-3-small@512", caching.ModelId);
        Assert.Equal(CachePolicy.Fixed(TimeSpan.FromMinutes(10)), caching.Policy);
        Assert.Equal("Azure.AI.OpenAI", generator.GetService<EmbeddingClient>()?.GetType().Namespace?[..15]);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal(new Uri("https://example.openai.azure.com/"), metadata.ProviderUri);
        Assert.Equal(("text-embedding-3-small", 512), (metadata.DefaultModelId, metadata.DefaultModelDimensions));
    }

    [Fact]
    public void AzureOpenAIWithoutAnApiKeyIsBuiltWithDefaultAzureCredentialWithoutAnyNetworkCall()
    {
        using var host = EmbeddingsHost.Build(AzureSettings);

        var generator = host.Services.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(EmbeddingsHostingExtensions.UncachedServiceKey);

        Assert.NotNull(generator.GetService<EmbeddingClient>());
        Assert.Equal("DefaultAzureCredential", EmbeddingGeneratorFactory.DescribeCredential(new AzureOpenAIEmbeddingOptions()));
    }

    [Fact]
    public void AHostsOwnGeneratorIsKept()
    {
        using var own = new CountingEmbeddingGenerator();
        using var host = EmbeddingsHost.Build(
            new Dictionary<string, string?>(),
            services => services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(own));

        Assert.Same(own, host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public void AddEmbeddingsLeavesTheCacheToTheCacheEngine()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());

        builder.AddEmbeddings();

        Assert.DoesNotContain(builder.Services, service => service.ServiceType == typeof(IResultCache));
    }
}
