using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Api.Apis.Ingestion;

/// <summary>
/// How the endpoints that write through the ingestion queue answer: 202 with the operation and
/// <c>Location: /operations/{id}</c>, a 400 naming what the queue refused (an entry or a batch too large), or a 503
/// when the queue is full.
/// </summary>
internal static class QueuedOperation
{
    /// <summary>Where <c>GET /operations/{id}</c> reads an operation's progress.</summary>
    public static string Location(string operationId) => $"/operations/{operationId}";

    /// <summary>
    /// Runs <paramref name="enqueue"/> and answers for the operation it returns, of <paramref name="messages"/> messages;
    /// what the queue refuses is reported under the request field <paramref name="refusedField"/> gives for the
    /// refusal's ParamName.
    /// </summary>
    public static async Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> EnqueueAsync(
        Func<Task<string>> enqueue, int messages, Func<string?, string>? refusedField = null)
    {
        try
        {
            var operation = await enqueue();
            return TypedResults.Accepted(Location(operation), new OperationAccepted(operation, messages));
        }
        catch (IngestionQueueFullException exception)
        {
            return QueueFull(exception);
        }
        catch (ArgumentException refused)
        {
            // Only the queue knows an entry's serialized size; the request's own fields were checked before.
            return RequestErrors.Problem(refused, (refusedField ?? (_ => "body"))(refused.ParamName));
        }
    }

    /// <summary>The answer to a full queue: the caller should retry once the Workers have caught up.</summary>
    public static ProblemHttpResult QueueFull(IngestionQueueFullException exception) =>
        TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The ingestion queue is full");
}
