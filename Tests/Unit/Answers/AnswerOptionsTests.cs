using RedisAspire.Core.Answers;
using RedisAspire.Core.Caching;

namespace RedisAspire.Tests.Unit.Answers;

[Trait("Category", "Unit")]
public sealed class AnswerOptionsTests
{
    [Fact]
    public void TheDefaultsAreValidAndChooseTheLocalAnswerer()
    {
        var options = new AnswerOptions();

        Assert.True(new AnswerOptionsValidator().Validate(null, options).Succeeded);
        var generator = AnswerGeneratorFactory.Create(options);
        Assert.Equal((AnswerGenerator.LocalName, ExtractiveChatClient.ModelName), (generator.Name, generator.Model));
        Assert.IsType<ExtractiveChatClient>(generator.Client);
    }

    [Fact]
    public void AnEndpointChoosesAzureOpenAIAndNeedsADeployment()
    {
        var options = new AnswerOptions { AzureOpenAI = { Endpoint = new Uri("https://example.openai.azure.com/"), ApiKey = "key" } };

        Assert.Contains("Answers:AzureOpenAI:Deployment is required when Answers:AzureOpenAI:Endpoint is set.", Failures(options));
        options.AzureOpenAI.Deployment = "gpt-4o-mini";
        Assert.Empty(Failures(options));
        var generator = AnswerGeneratorFactory.Create(options);
        Assert.Equal((AnswerGenerator.AzureOpenAIName, "gpt-4o-mini"), (generator.Name, generator.Model));
    }

    [Fact]
    public void ADeploymentWithoutAnEndpointIsRefusedRatherThanSilentlyAnsweredLocally()
    {
        var options = new AnswerOptions { AzureOpenAI = { Deployment = "gpt-4o-mini" } };

        Assert.Equal(["Answers:AzureOpenAI:Endpoint is required when Answers:AzureOpenAI:Deployment or ApiKey is set."], Failures(options));
    }

    [Fact]
    public void BadCacheSettingsAreNamed()
    {
        var options = new AnswerOptions
        {
            Cache = { Expiration = ExpirationStrategy.Invalidation, TimeToLive = TimeSpan.Zero, LockTimeToLive = TimeSpan.FromDays(400) },
            Local = { MaxSentences = 0 },
        };

        var failures = Failures(options);

        Assert.Contains(failures, failure => failure.StartsWith("Answers:Cache:Expiration", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Answers:Cache:TimeToLive", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Answers:Cache:LockTimeToLive", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Answers:Local:MaxSentences", StringComparison.Ordinal));
        Assert.Contains("Answers:Cache:MaxLifetime (1.00:00:00) must not be shorter than the sliding window Answers:Cache:TimeToLive (2.00:00:00).",
            Failures(new AnswerOptions { Cache = { TimeToLive = TimeSpan.FromDays(2) } }));
    }

    private static List<string> Failures(AnswerOptions options) =>
        [.. new AnswerOptionsValidator().Validate(null, options).Failures ?? []];
}
