using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary>The body of <c>PUT /documents/{id}</c>: a document for the Worker to chunk, embed and write to both tiers.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DocumentRequest
{
    /// <summary>The document's text (required); the Worker chunks and embeds it.</summary>
    public string? Text { get; init; }

    /// <summary>Refused: a document's vectors are its chunks', which the Worker embeds from the text (and again when the model changes).</summary>
    public float[]? Vector { get; init; }

    /// <summary>The title, embedded with every chunk and returned with results.</summary>
    public string? Title { get; init; }

    /// <summary>The tenant the document belongs to (required).</summary>
    public string? Tenant { get; init; }

    /// <summary>The document's language, for example <c>en</c>.</summary>
    public string? Language { get; init; }

    /// <summary>When the document was last changed; now when absent. A version older than the stored one is skipped.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Values of the index's other TAG fields, kept in the document's metadata.</summary>
    public Dictionary<string, string>? Tags { get; init; }

    /// <summary>Values of the index's other NUMERIC fields, kept in the document's metadata.</summary>
    public Dictionary<string, double>? Numbers { get; init; }

    /// <summary>
    /// The document to queue as <paramref name="id"/>, its tags and numbers in its metadata, where the tiers read the
    /// index's fields from; null, with an error per request field added to <paramref name="errors"/>, when it cannot be.
    /// </summary>
    public SourceDocument? ToSourceDocument(string id, VectorIndexSchema schema, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(errors);
        if (Vector is not null)
        {
            errors["vector"] = ["A vector cannot be queued: the Worker chunks the text and embeds each chunk, and embeds them again when the model changes. Send the document's text instead."];
        }

        var metadata = new JsonObject();
        foreach (var (field, value) in Tags ?? [])
        {
            if (FieldError(field, schema.IsTagField(field), "TAG", schema) is { } error)
            {
                errors[$"tags.{field}"] = [error];
            }
            else if (string.IsNullOrWhiteSpace(value))
            {
                errors[$"tags.{field}"] = [$"The value of TAG field '{field}' must not be empty."];
            }
            else
            {
                metadata[field] = value;
            }
        }

        foreach (var (field, value) in Numbers ?? [])
        {
            if (FieldError(field, schema.IsNumericField(field), "NUMERIC", schema) is { } error)
            {
                errors[$"numbers.{field}"] = [error];
            }
            else
            {
                metadata[field] = value;
            }
        }

        var document = new SourceDocument
        {
            Id = id,
            Tenant = Tenant!,
            Language = Language,
            Title = Title,
            Body = Text!,
            UpdatedAt = UpdatedAt ?? now,
            Metadata = metadata.ToJsonString(),
        };
        try
        {
            document.Validate();
        }
        catch (ArgumentException exception)
        {
            var field = FieldOf(exception.ParamName);
            errors.TryAdd(field, [MessageOf(exception, field)]);
        }

        return errors.Count == 0 ? document : null;
    }

    /// <summary>The request field that a <see cref="SourceDocument"/> or queue refusal's ParamName is about.</summary>
    public static string FieldOf(string? parameterName) => parameterName switch
    {
        // The queue names the whole document when its entry is too large: the text is what makes it so.
        null or "" or "body" or "document" => "text",
        var name => name,
    };

    // The tenant, language and date have fields of their own: a second value here could only disagree with them.
    private static string? FieldError(string field, bool known, string kind, VectorIndexSchema schema) => field switch
    {
        VectorFilter.TenantField or VectorFilter.LanguageField => $"Give the {field} as the document's own '{field}' field.",
        VectorFilter.UpdatedAtField => "Give the date as the document's own 'updatedAt' field.",
        _ when !known => $"Field '{field}' is not a {kind} field of index '{schema.Name}'.",
        _ => null,
    };

    // SourceDocument calls the text "body", and ArgumentException appends the parameter's name; the field says both.
    private static string MessageOf(ArgumentException exception, string field)
    {
        var message = exception.ParamName is { } name
            ? exception.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
            : exception.Message;
        return field == "text" && message.StartsWith("body ", StringComparison.Ordinal) ? "text " + message["body ".Length..] : message;
    }
}
