using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Answers.Semantic;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;
using StackExchange.Redis;

namespace RedisAspire.Core.Answers;

/// <summary>Registers answers: the generator, the exact answer cache and the answerer over the live embedding version.</summary>
public static partial class AnswersHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="AnswerOptions"/> (section <c>Answers</c>, checked at start-up) and registers the
    /// <see cref="AnswerGenerator"/> they choose (Azure OpenAI's chat deployment, or the local extractive answerer),
    /// <see cref="ExactAnswerCache"/>, <see cref="AnswerInvalidator"/>, <see cref="AnswerStatistics"/> and
    /// <see cref="Answerer"/>; with TryAdd, so a host's own registrations win. Needs the result cache and
    /// <c>AddRetrievalTiers()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddAnswers(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AnswerOptions>()
            .BindConfiguration(AnswerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnswerOptions>, AnswerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static provider => CreateGenerator(provider));
        services.TryAddSingleton(provider => new AnswerStatistics(provider.GetService<TimeProvider>()));
        services.TryAddSingleton(provider => new ExactAnswerCache(
            provider.GetRequiredService<IResultCache>(),
            provider.GetRequiredService<IConnectionMultiplexer>(),
            provider.GetRequiredService<IOptions<ResultCacheOptions>>().Value.KeyPrefix,
            provider.GetRequiredService<IOptions<AnswerOptions>>(),
            provider.GetService<TimeProvider>()));
        services.TryAddSingleton<AnswerInvalidator>();
        services.TryAddSingleton(provider => new Answerer(
            provider.GetRequiredService<EmbeddingSpaces>(),
            provider.GetRequiredService<AnswerGenerator>(),
            provider.GetRequiredService<ExactAnswerCache>(),
            provider.GetRequiredService<AnswerStatistics>(),
            provider.GetRequiredService<IOptions<AnswerOptions>>(),
            provider.GetService<TimeProvider>(),
            provider.GetRequiredService<IOptions<SemanticAnswerCacheOptions>>().Value.Enabled ? provider.GetRequiredService<ISemanticAnswerCache>() : null,
            provider.GetRequiredService<SemanticAnswerAudit>()));
        services.AddSemanticAnswerCache();
        return builder;
    }

    private static AnswerGenerator CreateGenerator(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<AnswerOptions>>().Value;
        var generator = AnswerGeneratorFactory.Create(options);
        var logger = provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(AnswersHostingExtensions).FullName!) ?? NullLogger.Instance;
        if (options.UsesAzureOpenAI)
        {
            LogAzureOpenAI(logger, options.AzureOpenAI.Deployment, options.AzureOpenAI.Endpoint, AnswerGeneratorFactory.DescribeCredential(options.AzureOpenAI));
        }
        else
        {
            LogLocal(logger, generator.Model, options.Local.MaxSentences);
        }

        return generator;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answers: local extractive answerer {Model}, at most {MaxSentences} sentences an answer")]
    private static partial void LogLocal(ILogger logger, string model, int maxSentences);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answers: Azure OpenAI chat deployment {Deployment} at {Endpoint}, credential: {Credential}")]
    private static partial void LogAzureOpenAI(ILogger logger, string? deployment, Uri? endpoint, string credential);
}
