using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace RedisAspire.Api.Extensions;

/// <summary>
/// A request the framework could not read (malformed JSON, a missing body, a value of the wrong type) is the caller's
/// mistake: a 400 ProblemDetails saying what was wrong, not a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read",
                // The framework's message names what it could not read; the inner JSON error says where.
                Detail = badRequest.InnerException is { } inner ? $"{badRequest.Message} {inner.Message}" : badRequest.Message,
            },
        });
    }
}
