using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Api.Extensions;

/// <summary>
/// Redis unreachable or refusing a command is not the caller's mistake but not a bug either: a 503 ProblemDetails
/// saying so (the caller may retry), or a 409 when the index holds vectors of another dimension than the model makes.
/// </summary>
internal sealed class RedisFailureExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            RediSearchException { Kind: RediSearchErrorKind.VectorSizeMismatch } => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The index holds vectors of another dimension",
                Detail = "The live index was built for another embedding model; rebuild it (POST /indexes/{name}/rebuild) under the current one.",
            },
            RediSearchException search => Unavailable($"The query engine refused {search.Command}: {search.ServerMessage}"),
            RedisConnectionException or RedisTimeoutException => Unavailable("Redis could not be reached in time; retry shortly."),
            RedisServerException server => Unavailable($"Redis refused the command: {server.Message}"),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
    }

    private static ProblemDetails Unavailable(string detail) => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "The vector hot tier is unavailable",
        Detail = detail,
    };
}
