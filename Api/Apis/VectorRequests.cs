using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary>What the vector endpoints share: reading filters, turning text into a vector, and naming what was wrong.</summary>
public static class VectorRequests
{
    /// <summary>The longest text accepted, in characters.</summary>
    public const int MaxTextLength = CacheEmbeddingsApi.MaxTextLength;

    private const string UpdatedAfter = "updatedAfter";
    private const string UpdatedBefore = "updatedBefore";

    /// <summary>A 400 naming the field an <see cref="ArgumentException"/> from the index was about.</summary>
    public static ValidationProblem Problem(ArgumentException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var field = exception.ParamName switch
        {
            null or "" => "request",
            "K" => "k",
            "EfRuntime" => "efRuntime",
            "Radius" => "radius",
            "Limit" => "k",
            var name => name,
        };
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [MessageOf(exception)] });
    }

    /// <summary>Adds the index's own message (expected and actual dimension) when a given vector has the wrong length.</summary>
    public static void CheckDimension(float[]? vector, VectorIndexSchema schema, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (vector is null)
        {
            return;
        }

        try
        {
            VectorDocument.RequireDimension(schema, vector, "vector");
        }
        catch (ArgumentException exception)
        {
            errors["vector"] = [MessageOf(exception)];
        }
    }

    /// <summary>The filter the request's <c>filters</c> describe; adds an error per field it cannot read.</summary>
    public static VectorFilter ReadFilter(Dictionary<string, JsonElement>? filters, VectorIndexSchema schema, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(errors);
        if (filters is null)
        {
            return VectorFilter.None;
        }

        string? tenant = null, language = null;
        DateTimeOffset? after = null, before = null;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var ranges = new Dictionary<string, NumericRange>(StringComparer.Ordinal);
        foreach (var (name, value) in filters)
        {
            var field = $"filters.{name}";
            switch (name)
            {
                case VectorFilter.TenantField:
                    tenant = Text(value, field, errors);
                    break;
                case VectorFilter.LanguageField:
                    language = Text(value, field, errors);
                    break;
                case UpdatedAfter:
                    after = Instant(value, field, errors);
                    break;
                case UpdatedBefore:
                    before = Instant(value, field, errors);
                    break;
                case var tag when schema.IsTagField(tag):
                    if (Text(value, field, errors) is { } text)
                    {
                        tags[tag] = text;
                    }

                    break;
                case var numeric when schema.IsNumericField(numeric) && numeric != VectorFilter.UpdatedAtField:
                    if (Range(value, field, errors) is { } range)
                    {
                        ranges[numeric] = range;
                    }

                    break;
                default:
                    var others = schema.TagFields.Concat(schema.NumericFields.Select(numeric => numeric.Name))
                        .Except([VectorFilter.TenantField, VectorFilter.LanguageField, VectorFilter.UpdatedAtField]);
                    errors[field] = [$"'{name}' is not a filter of index '{schema.Name}'; use tenant, language, updatedAfter, updatedBefore{string.Concat(others.Select(other => ", " + other))}."];
                    break;
            }
        }

        return new VectorFilter { Tenant = tenant, Language = language, UpdatedAfter = after, UpdatedBefore = before, Tags = tags, Ranges = ranges };
    }

    /// <summary>
    /// The vector a request gives, or its text's embedding (through the cache), with the time it took and the cache's
    /// outcome; null with an error added when the request gives neither, both, or an empty or too long text.
    /// </summary>
    public static async Task<(float[] Vector, CacheOutcome? Outcome, TimeSpan Elapsed)?> VectorOfAsync(
        string? text, float[]? vector, IEmbeddingGenerator<string, Embedding<float>> generator, Dictionary<string, string[]> errors,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(errors);
        if (vector is not null)
        {
            if (text is not null)
            {
                errors["text"] = ["Give text or vector, not both."];
                return null;
            }

            return (vector, null, TimeSpan.Zero);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            errors["text"] = [text is null ? "Give text (to embed) or vector." : "text must not be empty."];
            return null;
        }

        if (text.Length > MaxTextLength)
        {
            errors["text"] = [$"text is {text.Length} characters long; at most {MaxTextLength} are allowed."];
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        var embedding = await generator.GenerateAsync(text, cancellationToken: cancellationToken);
        return (embedding.Vector.ToArray(), embedding.GetCacheOutcome(), Stopwatch.GetElapsedTime(started));
    }

    // ArgumentException appends " (Parameter 'x')" to its message; the field already says which.
    private static string MessageOf(ArgumentException exception) =>
        exception.ParamName is null
            ? exception.Message
            : exception.Message.Replace($" (Parameter '{exception.ParamName}')", string.Empty, StringComparison.Ordinal);

    private static string? Text(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString();
        }

        errors[field] = ["The value must be a non-empty string."];
        return null;
    }

    private static DateTimeOffset? Instant(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds is >= 0 and <= 253402300799)
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        errors[field] = ["The value must be an ISO 8601 instant (2024-05-01T00:00:00Z) or Unix seconds."];
        return null;
    }

    private static NumericRange? Range(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            double? min = null, max = null;
            var valid = true;
            foreach (var bound in value.EnumerateObject())
            {
                valid &= bound.Value.ValueKind == JsonValueKind.Number && bound.Name is "min" or "max";
                if (valid && bound.Name == "min")
                {
                    min = bound.Value.GetDouble();
                }
                else if (valid)
                {
                    max = bound.Value.GetDouble();
                }
            }

            if (valid && (min is not null || max is not null))
            {
                return new NumericRange(min, max);
            }
        }

        errors[field] = ["The value must be an object with a numeric min, max, or both."];
        return null;
    }
}
