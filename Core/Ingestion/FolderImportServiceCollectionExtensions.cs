using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Core.Ingestion;

/// <summary>Registers folder import.</summary>
public static class FolderImportServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="FolderImport"/> with settings from the <c>Ingestion:FolderImport</c> section (validated at
    /// start-up); it needs <see cref="IngestionQueue"/> (<c>AddIngestionQueue</c>).
    /// </summary>
    public static IServiceCollection AddFolderImport(this IServiceCollection services, Action<FolderImportOptions>? configure = null)
    {
        services.AddOptions<FolderImportOptions>()
            .BindConfiguration(FolderImportOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(provider => new FolderImport(
            provider.GetRequiredService<IngestionQueue>(),
            provider.GetRequiredService<IOptions<FolderImportOptions>>()));
        return services;
    }
}
