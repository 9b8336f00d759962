using System.Text.Json.Serialization;
using Npgsql;
using RedisAspire.Core.Caching;
using RedisAspire.Api.Apis;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<RedisFailureExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        builder.AddRedisClient("cache");
        builder.AddNpgsqlDataSource("db", configureDataSourceBuilder: dataSource => dataSource.UseVector());
        builder.Services.AddResultCache();
        builder.Services.AddStampedeLab();
        builder.AddCacheEviction();
        builder.AddRetrievalTiers();
        builder.Services.AddIngestionQueue();
        builder.Services.AddFolderImport();
        builder.Services.AddSingleton<BackgroundRuns>();
    }
}
