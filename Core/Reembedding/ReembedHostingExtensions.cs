using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Core.Reembedding;

/// <summary>Registers re-embedding.</summary>
internal static class ReembedHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="ReembedOptions"/> (section <c>Reembed</c>, checked at start-up) and registers
    /// <see cref="ReembedRunner"/>, which records a re-embedding (Api) and runs it (Worker). Needs
    /// <c>AddTwoTierRetrieval()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddReembedding(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ReembedOptions>()
            .BindConfiguration(ReembedOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.RetireAfter >= TimeSpan.Zero, "Reembed:RetireAfter must not be negative.")
            .Validate(options => options.PollInterval > TimeSpan.Zero, "Reembed:PollInterval must be above zero.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(provider => new ReembedRunner(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<EmbeddingVersionStore>(),
            provider.GetRequiredService<EmbeddingSpaces>(),
            provider.GetRequiredService<EmbeddingSpaceFactory>(),
            provider.GetRequiredService<EmbeddingGenerators>(),
            provider.GetRequiredService<VectorHotTier>(),
            provider.GetRequiredService<IConnectionMultiplexer>(),
            provider.GetRequiredService<IOptions<ReembedOptions>>(),
            provider.GetRequiredService<ILogger<ReembedRunner>>(),
            provider.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
