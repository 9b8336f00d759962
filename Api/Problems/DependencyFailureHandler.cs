using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using RedisAspire.Core.Answers;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Api.Problems;

/// <summary>
/// Redis or PostgreSQL unreachable or refusing a command is not the caller's mistake but not a bug either: a 503
/// ProblemDetails naming the part that is unavailable or, for a Redis out of memory, full (the caller may retry), a 502
/// naming the part whose server refused a command (or whose answer generator failed), or a 409 when the index holds
/// vectors of another dimension than the model makes.
/// </summary>
internal sealed class DependencyFailureHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The exception handler clears the endpoint before it calls handlers; its feature keeps the one that failed.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        var what = endpoint?.Metadata.GetMetadata<RedisDependency>()?.What ?? "Redis";
        var problem = exception switch
        {
            RediSearchException { Kind: RediSearchErrorKind.VectorSizeMismatch } => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The index holds vectors of another dimension",
                Detail = "The live index was built for another embedding model; rebuild it (POST /indexes/{name}/rebuild) under the current one.",
            },
            RediSearchException search => Refused(what, $"The query engine refused {search.Command}: {search.ServerMessage}"),
            AnswerGeneratorException generator => Refused("The answer generator", generator.Message),
            RedisConnectionException or RedisTimeoutException => Unavailable($"{what} is unavailable", "Redis could not be reached in time; retry shortly."),
            // Memory comes back as entries expire or are deleted, so this one is worth retrying.
            RedisServerException full when full.Message.StartsWith("OOM", StringComparison.Ordinal) => Unavailable(
                $"{what} is full", "Redis is out of memory (maxmemory reached under the noeviction policy) and refuses writes; retry once entries have expired, or raise its memory."),
            RedisServerException server => Refused(what, $"Redis refused the command: {server.Message}"),
            // A connection that failed or timed out; an error in the statement itself stays a server error.
            NpgsqlException postgres when postgres is not PostgresException || postgres.IsTransient => Unavailable(
                "The cold tier (PostgreSQL) is unavailable", "PostgreSQL could not be reached in time; retry shortly."),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
    }

    private static ProblemDetails Unavailable(string title, string detail) =>
        new() { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail };

    // A refusal (a command the server does not allow, a module error) will not go away by retrying: a bad gateway.
    private static ProblemDetails Refused(string what, string detail) =>
        new() { Status = StatusCodes.Status502BadGateway, Title = $"{what} failed", Detail = detail };
}
