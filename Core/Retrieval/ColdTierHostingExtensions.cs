using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>Registers the cold tier.</summary>
internal static class ColdTierHostingExtensions
{
    /// <summary>
    /// Binds <see cref="ColdTierOptions"/> (section <c>ColdTier</c>) and <see cref="VectorIndexOptions"/> (section
    /// <c>Vectors</c>), and registers <see cref="ColdTierHost"/>, which migrates at start-up, and where searches read
    /// (<see cref="ColdTierReadSource"/>: the read replica <c>AddPostgresDataSource()</c> registered, else the primary).
    /// Needs an <see cref="Npgsql.NpgsqlDataSource"/> built with <c>UseVector()</c> and the embedding generator.
    /// </summary>
    public static IHostApplicationBuilder AddColdTier(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ColdTierOptions>().BindConfiguration(ColdTierOptions.SectionName);
        builder.Services.AddOptions<VectorIndexOptions>().BindConfiguration(VectorIndexOptions.SectionName);
        builder.Services.TryAddSingleton<EmbeddingVersionStore>();
        builder.Services.TryAddSingleton(ColdTierReadSource.From);
        builder.Services.TryAddSingleton<ColdTierHost>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ColdTierHost>());
        return builder;
    }
}
