using RedisAspire.Api.Apis.Answers;
using RedisAspire.Api.Apis.Cache;
using RedisAspire.Api.Apis.Documents;
using RedisAspire.Api.Apis.Ingestion;
using RedisAspire.Api.Apis.Reembedding;
using RedisAspire.Api.Apis.Search;
using RedisAspire.Api.Apis.Status;
using RedisAspire.Api.Apis.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary>Every endpoint of the Api, one group per resource.</summary>
public static class RedisAspireApi
{
    public static IEndpointRouteBuilder MapRedisAspireApi(this IEndpointRouteBuilder app)
    {
        // What any endpoint may answer without a valid token (Identity/ChallengeProblemWriter), over its tenant's rate
        // limit (Limits/TenantRateLimiting), to a body over its limit (Limits/RequestBodyLimits), and when a server
        // fails under it (Problems/DependencyFailureHandler).
        var api = app.MapGroup("")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapStatusApi();
        api.MapCacheApi();
        api.MapSearchApi();
        api.MapAskApi();
        api.MapDocumentsApi();
        api.MapIndexesApi();
        api.MapHotSetApi();
        api.MapIngestionApi();
        api.MapFolderImportApi();
        api.MapFileUploadApi();
        api.MapReembedApi();
        return app;
    }
}
