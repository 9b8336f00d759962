using System.Text.Json.Serialization;
using RedisAspire.Api.Apis.Vectors;
using RedisAspire.Api.Problems;
using RedisAspire.Api.Validation;
using RedisAspire.Core.Answers;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<UnreadableRequestHandler>();
        builder.Services.AddExceptionHandler<DependencyFailureHandler>();
        // A request that cannot be read throws, in every environment, so that UnreadableRequestHandler answers it with the
        // one 400 naming its field; outside Development the framework would otherwise answer a bare 400 of its own.
        builder.Services.PostConfigure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Numbers are numbers: "k": "5" is a mistake the caller should hear about, and the document says so.
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // Text, not bytes: no control character in any string, no infinite number in free-form JSON (Validation/PlainText).
            json.SerializerOptions.Converters.Add(new PlainTextJsonConverter());
            json.SerializerOptions.Converters.Add(new PlainJsonElementConverter());
        });
        builder.AddApiDocument();

        builder.AddRedisConnections();
        builder.AddPostgresDataSource();
        builder.Services.AddServerSelfCheck();
        builder.Services.AddResultCache();
        builder.Services.AddStampedeLab();
        builder.AddCacheEviction();
        builder.AddRetrievalTiers();
        builder.AddAnswers();
        builder.Services.AddIngestionQueue();
        builder.Services.AddFolderImport();
        builder.Services.AddSingleton<BackgroundRuns>();
    }
}
