using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Tests.Unit.Embeddings;

[Trait("Category", "Unit")]
public sealed class EmbeddingOptionsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void WithoutSettingsTheLocalModelIsUsedWith32TextsABatchAndOneHourInTheCache()
    {
        using var host = EmbeddingsHost.Build(new Dictionary<string, string?>());

        var options = host.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value;

        Assert.Equal(EmbeddingProvider.Local, options.Provider);
        Assert.Equal(32, options.Local.BatchSize);
        Assert.Equal(1_000, options.Local.MaxInputCharacters);
        Assert.Equal(TimeSpan.FromHours(1), options.Cache.TimeToLive);
    }

    [Fact]
    public async Task AzureOpenAIWithoutAnEndpointStopsTheStartNamingTheSetting()
    {
        using var host = EmbeddingsHost.Build(new Dictionary<string, string?>
        {
            ["Embeddings:Provider"] = "AzureOpenAI",
            ["Embeddings:AzureOpenAI:Deployment"] = "text-embedding-3-small",
        });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(Timeout));

        Assert.Contains("Embeddings:AzureOpenAI:Endpoint", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Embeddings:Local:BatchSize", "0")]
    [InlineData("Embeddings:Local:MaxInputCharacters", "5")]
    [InlineData("Embeddings:Cache:TimeToLive", "00:00:00")]
    [InlineData("Embeddings:Cache:TimeToLive", "400.00:00:00")]
    [InlineData("Embeddings:AzureOpenAI:Dimensions", "0")]
    public void AnOutOfRangeSettingFailsWithItsName(string setting, string value)
    {
        using var host = EmbeddingsHost.Build(new Dictionary<string, string?> { [setting] = value });

        var exception = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value);

        Assert.Contains(setting, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "text-embedding-3-small", "Embeddings:AzureOpenAI:Endpoint")]
    [InlineData("not-absolute", "text-embedding-3-small", "Embeddings:AzureOpenAI:Endpoint")]
    [InlineData("ftp://example.openai.azure.com/", "text-embedding-3-small", "Embeddings:AzureOpenAI:Endpoint")]
    [InlineData("https://example.openai.azure.com/", null, "Embeddings:AzureOpenAI:Deployment")]
    [InlineData("https://example.openai.azure.com/", "a/b", "Embeddings:AzureOpenAI:Deployment")]
    public void AzureOpenAINeedsAnAbsoluteEndpointAndAPlainDeploymentName(string? endpoint, string? deployment, string setting)
    {
        var options = new EmbeddingOptions
        {
            Provider = EmbeddingProvider.AzureOpenAI,
            AzureOpenAI = new AzureOpenAIEmbeddingOptions
            {
                Endpoint = endpoint is null ? null : new Uri(endpoint, UriKind.RelativeOrAbsolute),
                Deployment = deployment,
            },
        };

        var result = new EmbeddingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AzureOpenAISettingsAreNotRequiredForTheLocalModel() =>
        Assert.True(new EmbeddingOptionsValidator().Validate(null, new EmbeddingOptions()).Succeeded);

    [Fact]
    public void AnUnknownProviderFailsNamingTheSetting()
    {
        using var host = EmbeddingsHost.Build(new Dictionary<string, string?> { ["Embeddings:Provider"] = "Ollama" });

        var exception = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value);

        Assert.Contains("Embeddings:Provider", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheApiKeyIsNeverInAValidationMessage()
    {
        var options = new EmbeddingOptions
        {
            Provider = EmbeddingProvider.AzureOpenAI,
            AzureOpenAI = new AzureOpenAIEmbeddingOptions { ApiKey = "secret-key-123", Deployment = "a/b", Dimensions = 0 },
        };

        var result = new EmbeddingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.DoesNotContain("secret-key-123", result.FailureMessage, StringComparison.Ordinal);
        Assert.Equal("API key", EmbeddingGeneratorFactory.DescribeCredential(options.AzureOpenAI));
    }
}
