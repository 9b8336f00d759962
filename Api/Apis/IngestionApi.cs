using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Api.Apis;

/// <summary>
/// Writes through the Worker: <c>POST /ingest/documents</c> queues documents and deletions as one operation, whose
/// progress <c>GET /operations/{id}</c> reads; <c>GET /ingestion</c> shows the queue, and the dead letters can be
/// listed and sent again.
/// </summary>
public static class IngestionApi
{
    /// <summary>The most dead letters one <c>GET /ingestion/dead-letters</c> lists.</summary>
    public const int MaxDeadLetters = 100;

    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        var ingest = app.MapGroup("").WithTags("Ingestion");
        ingest.MapPost("/ingest/documents", EnqueueAsync).WithName("IngestDocuments")
            .WithSummary("Queues documents to write and to remove as one operation: the Worker chunks, embeds and writes both tiers");
        ingest.MapGet("/operations/{id}", GetOperationAsync).WithName("GetOperation")
            .WithSummary("An ingestion operation's state and counts");
        ingest.MapGet("/ingestion", DescribeAsync).WithName("DescribeIngestion")
            .WithSummary("The queue's length, pending entries, lag and dead letters, and documents per second");
        ingest.MapGet("/ingestion/dead-letters", ReadDeadLettersAsync).WithName("ReadDeadLetters")
            .WithSummary("Messages that failed for good, with their errors, oldest first");
        ingest.MapPost("/ingestion/dead-letters/redrive", RedriveAllAsync).WithName("RedriveAllDeadLetters")
            .WithSummary("Puts every dead letter back on the queue");
        ingest.MapPost("/ingestion/dead-letters/{id}/redrive", RedriveAsync).WithName("RedriveDeadLetter")
            .WithSummary("Puts one dead letter back on the queue");
        return app;
    }

    public static async Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> EnqueueAsync(
        IngestRequest request, IngestionQueue queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(queue);
        var errors = new Dictionary<string, string[]>();
        var messages = new List<IngestionMessage>();
        foreach (var (document, index) in (request.Documents ?? []).Select((document, index) => (document, index)))
        {
            Add(messages, errors, $"documents[{index}]", () => IngestionMessage.Upsert(new SourceDocument
            {
                Id = document?.Id!,
                Tenant = document?.Tenant!,
                Language = document?.Language,
                Title = document?.Title,
                Body = document?.Body!,
                UpdatedAt = document?.UpdatedAt ?? DateTimeOffset.UtcNow,
                Metadata = document?.Metadata is { } metadata ? metadata.GetRawText() : "{}",
            }));
        }

        foreach (var (delete, index) in (request.Deletes ?? []).Select((delete, index) => (delete, index)))
        {
            Add(messages, errors, $"deletes[{index}]", () => IngestionMessage.Delete(delete?.Id!, delete?.Tenant!));
        }

        if (messages.Count == 0 && errors.Count == 0)
        {
            errors["documents"] = ["Give at least one document to write or to remove."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await QueuedOperation.EnqueueAsync(
            () => queue.EnqueueBatchAsync(messages, cancellationToken), messages.Count, field => field ?? "documents");
    }

    public static async Task<Results<Ok<IngestionOperation>, NotFound, ValidationProblem>> GetOperationAsync(
        string id, IngestionQueue queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (!IngestionQueue.IsOperationId(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["This is not an operation id."] });
        }

        return await queue.GetOperationAsync(id, cancellationToken) is { } operation ? TypedResults.Ok(operation) : TypedResults.NotFound();
    }

    public static async Task<Ok<IngestionResponse>> DescribeAsync(IngestionQueue queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return TypedResults.Ok(new IngestionResponse(await queue.DepthAsync(cancellationToken), await queue.StatisticsAsync(cancellationToken)));
    }

    public static async Task<Results<Ok<IReadOnlyList<DeadLetter>>, ValidationProblem>> ReadDeadLettersAsync(
        IngestionQueue queue, int? count, string? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var take = count ?? 20;
        if (take is < 1 or > MaxDeadLetters)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["count"] = [$"count must be between 1 and {MaxDeadLetters}; it is {take}."] });
        }

        try
        {
            return TypedResults.Ok(await queue.ReadDeadLettersAsync(take, after, cancellationToken));
        }
        catch (ArgumentException exception)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [exception.ParamName ?? "after"] = [exception.Message] });
        }
    }

    public static async Task<Results<Ok<RedriveResponse>, NotFound, ValidationProblem>> RedriveAsync(
        string id, IngestionQueue queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        try
        {
            return await queue.RedriveAsync(id, cancellationToken) ? TypedResults.Ok(new RedriveResponse(1)) : TypedResults.NotFound();
        }
        catch (ArgumentException exception)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [exception.ParamName ?? "id"] = [exception.Message] });
        }
    }

    public static async Task<Ok<RedriveResponse>> RedriveAllAsync(IngestionQueue queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return TypedResults.Ok(new RedriveResponse(await queue.RedriveAllAsync(cancellationToken)));
    }

    /// <summary>Builds one message, or records why it is invalid under the field's path (<c>documents[2].body</c>).</summary>
    private static void Add(List<IngestionMessage> messages, Dictionary<string, string[]> errors, string path, Func<IngestionMessage> build)
    {
        try
        {
            var message = build();
            message.Validate();
            messages.Add(message);
        }
        catch (ArgumentException exception)
        {
            errors[exception.ParamName is { Length: > 0 } field ? $"{path}.{field}" : path] = [exception.Message];
        }
    }
}

/// <summary>The ingestion queue as <c>GET /ingestion</c> shows it.</summary>
public sealed record IngestionResponse(IngestionQueueDepth Queue, IngestionStatistics Statistics);

/// <summary>How many dead letters went back on the queue.</summary>
public sealed record RedriveResponse(int Redriven);
