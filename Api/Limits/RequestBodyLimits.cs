using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace RedisAspire.Api.Limits;

/// <summary>
/// Refuses a request body over its endpoint's limit (<see cref="RequestBodyOptions"/>) with a 413 ProblemDetails that
/// says the limit, before any of it is parsed: at once when its length is declared, after reading one byte too many when
/// it is sent in chunks. The server's own limit would only reset the connection midway, and a test host has none.
/// </summary>
internal sealed class RequestBodyLimits(RequestDelegate next, IOptions<RequestBodyOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<DocumentBodies>() is null ? options.Value.MaxBytes : options.Value.MaxDocumentBytes;
        var request = context.Request;
        if (request.ContentLength is { } declared)
        {
            if (declared > limit)
            {
                await TooLargeAsync(context, $"The body is {declared.ToString("N0", CultureInfo.InvariantCulture)} bytes", limit);
                return;
            }
        }
        else if (request.Headers.TransferEncoding.Count > 0 && !await FitsAsync(request, limit, context.RequestAborted))
        {
            await TooLargeAsync(context, $"The body is over {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes", limit);
            return;
        }

        await next(context);
    }

    /// <summary>Reads a body of unknown length into a buffer the endpoint reads again, stopping past <paramref name="limit"/>.</summary>
    private static async Task<bool> FitsAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    return false;
                }
            }

            request.Body.Position = 0;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Task TooLargeAsync(HttpContext context, string size, long limit) =>
        TypedResults.Problem(
            $"{size}; {context.Request.Method} {context.Request.Path} accepts at most {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes ({RequestBodyOptions.SectionName}).",
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The request body is too large").ExecuteAsync(context);
}

/// <summary>Sets up <see cref="RequestBodyLimits"/>.</summary>
internal static class RequestBodyLimitsExtensions
{
    public static IHostApplicationBuilder AddRequestBodyLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestBodyOptions>().BindConfiguration(RequestBodyOptions.SectionName)
            .Validate(limits => limits.MaxBytes >= 1024 && limits.MaxDocumentBytes >= limits.MaxBytes,
                "RequestBodies:MaxBytes must be at least 1024, and RequestBodies:MaxDocumentBytes at least RequestBodies:MaxBytes.")
            .ValidateOnStart();
        return builder;
    }

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.UseMiddleware<RequestBodyLimits>();
}
