using Scalar.AspNetCore;

namespace RedisAspire.Api.Extensions;

/// <summary>The Api's OpenAPI document (<c>/openapi/v1.json</c>), and its reference pages (<c>/scalar</c>) in Development.</summary>
internal static class ApiDocumentExtensions
{
    public static IHostApplicationBuilder AddApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "RedisAspire Api";
            document.Info.Description =
                "Caching of expensive results and vector search over a Redis hot tier and a PostgreSQL cold tier. " +
                "Errors are ProblemDetails; a 400 names each wrong field under `errors`.";
            return Task.CompletedTask;
        }).AddDocumentTransformer<ApiDocumentSecurity>().AddOperationTransformer<ApiDocumentSecurity>());
        return builder;
    }

    public static WebApplication MapApiDocument(this WebApplication app)
    {
        var document = app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            // In Development the description and its reference pages answer anyone; elsewhere, callers only.
            document.AllowAnonymous();
            app.MapScalarApiReference(options => options.WithTitle("RedisAspire Api")).AllowAnonymous();
        }

        return app;
    }
}
