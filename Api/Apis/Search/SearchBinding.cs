using System.Globalization;
using System.Text.Json;
using RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis.Search;

/// <summary>A search as the retriever takes it, but for its vector when it gives a text to embed.</summary>
/// <param name="Text">The text to embed; null when <paramref name="Vector"/> is given.</param>
/// <param name="Vector">The vector given; null when <paramref name="Text"/> is.</param>
internal sealed record SearchPlan(string? Text, float[]? Vector, int K, VectorFilter Filter, int? EfRuntime, RetrievalTier Tier, double? Radius)
{
    /// <summary>The retriever's query for <paramref name="vector"/>.</summary>
    public RetrievalQuery Query(float[] vector) =>
        new(new KnnQuery { Vector = vector, K = K, Filter = Filter, EfRuntime = EfRuntime }, Tier, Radius);
}

/// <summary>A search request read against the live index's schema.</summary>
internal static class SearchBinding
{
    private const string UpdatedAfter = "updatedAfter";
    private const string UpdatedBefore = "updatedBefore";

    /// <summary>The plan <paramref name="request"/> describes; null, with what is wrong in <paramref name="errors"/>, when it is not valid.</summary>
    public static SearchPlan? ToPlan(this SearchRequest request, VectorIndexSchema schema, RequestErrors errors)
    {
        errors.Add(VectorQueryLimits.CheckK(request.K, SearchRequest.MaxK));
        errors.Add(VectorQueryLimits.CheckEfRuntime(request.EfRuntime));
        var tier = request.Tier is null ? RetrievalTier.Auto : EnumName.Parse<RetrievalTier>(request.Tier);
        errors.Require(tier is not null, "tier", $"tier '{request.Tier}' is unknown; use auto, hot or cold.");
        if (request.Radius is { } radius)
        {
            errors.Add(VectorQueryLimits.CheckRadius(schema, radius));
        }

        switch (request)
        {
            case { Text: not null, Vector: not null }:
                errors.Add("text", "Give text or vector, not both.");
                break;
            case { Vector: { } vector }:
                errors.AddRange(VectorQueryLimits.VectorErrors(schema, vector));
                break;
            case { Text: null }:
                errors.Add("text", "Give text (to embed) or vector.");
                break;
            default:
                if (TextCheck.Error(request.Text, "text", SearchRequest.MaxTextLength) is { } text)
                {
                    errors.Add("text", text);
                }

                break;
        }

        var filter = ReadFilter(request.Filters, schema, errors);
        errors.AddRange(filter.Errors(schema));
        return errors.Any ? null : new(request.Text, request.Vector, request.K, filter, request.EfRuntime, tier!.Value, request.Radius);
    }

    /// <summary>The filter the request's <c>filters</c> describe; an error per field it cannot read.</summary>
    private static VectorFilter ReadFilter(Dictionary<string, JsonElement>? filters, VectorIndexSchema schema, RequestErrors errors)
    {
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
                    errors.Add(field, $"'{name}' is not a filter of index '{schema.Name}'; use tenant, language, updatedAfter, updatedBefore{string.Concat(others.Select(other => ", " + other))}.");
                    break;
            }
        }

        // Checked here, where the caller's names are known: the filter would name its own field, updated_at.
        if (after > before)
        {
            errors.Add($"filters.{UpdatedAfter}", $"updatedAfter ({after.Value:O}) is later than updatedBefore ({before!.Value:O}).");
            (after, before) = (null, null);
        }

        return new VectorFilter { Tenant = tenant, Language = language, UpdatedAfter = after, UpdatedBefore = before, Tags = tags, Ranges = ranges };
    }

    private static string? Text(JsonElement value, string field, RequestErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add(field, "The value must be a non-empty string.");
            return null;
        }

        var text = value.GetString()!;
        if (PlainText.Error(text) is { } error)
        {
            errors.Add(field, $"The value {error}");
            return null;
        }

        return text;
    }

    private static DateTimeOffset? Instant(JsonElement value, string field, RequestErrors errors)
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

        errors.Add(field, "The value must be an ISO 8601 instant (2024-05-01T00:00:00Z) or Unix seconds.");
        return null;
    }

    private static NumericRange? Range(JsonElement value, string field, RequestErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            double? min = null, max = null;
            var valid = true;
            foreach (var bound in value.EnumerateObject())
            {
                valid &= bound.Name is "min" or "max" && bound.Value.ValueKind == JsonValueKind.Number
                    && bound.Value.TryGetDouble(out var number) && double.IsFinite(number);
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

        errors.Add(field, "The value must be an object with a finite numeric min, max, or both.");
        return null;
    }
}
