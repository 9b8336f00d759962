using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Api.Apis;

/// <summary>
/// How the endpoints that write through the ingestion queue answer: 202 with the operation and
/// <c>Location: /operations/{id}</c>, a 400 naming what the queue refused, or a 503 when the queue is full.
/// </summary>
public static class QueuedOperation
{
    /// <summary>Where <c>GET /operations/{id}</c> reads an operation's progress.</summary>
    public static string Location(string operationId) => $"/operations/{operationId}";

    /// <summary>
    /// Runs <paramref name="enqueue"/> and answers for the operation it returns, of <paramref name="messages"/>
    /// messages; a refusal's ParamName becomes the request's field through <paramref name="fieldOf"/>.
    /// </summary>
    public static async Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> EnqueueAsync(
        Func<Task<string>> enqueue, int messages, Func<string?, string> fieldOf)
    {
        ArgumentNullException.ThrowIfNull(enqueue);
        ArgumentNullException.ThrowIfNull(fieldOf);
        try
        {
            var operation = await enqueue();
            return TypedResults.Accepted(Location(operation), new OperationAccepted(operation, messages));
        }
        catch (IngestionQueueFullException exception)
        {
            return QueueFull(exception);
        }
        catch (ArgumentException exception)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [fieldOf(exception.ParamName)] = [exception.Message] });
        }
    }

    /// <summary>The answer to a full queue: the caller should retry once the Workers have caught up.</summary>
    public static ProblemHttpResult QueueFull(IngestionQueueFullException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The ingestion queue is full");
    }
}
