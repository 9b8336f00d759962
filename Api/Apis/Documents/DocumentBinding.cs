using System.Text.Json;
using RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis.Documents;

/// <summary>A document request as the source document the Worker ingests, read against the live index's schema.</summary>
internal static class DocumentBinding
{
    /// <summary>
    /// Document <paramref name="id"/> as <paramref name="request"/> describes it; null, with what is wrong in
    /// <paramref name="errors"/> (under <paramref name="prefix"/> when given: <c>documents[2]</c>), when it is not valid.
    /// </summary>
    public static SourceDocument? ToSourceDocument(
        this DocumentRequest request, string? id, VectorIndexSchema schema, DateTimeOffset now, RequestErrors errors, string? prefix = null)
    {
        var before = errors.Count;
        foreach (var (field, value) in request.Metadata ?? [])
        {
            if (MetadataError(field, value, schema) is { } error)
            {
                errors.Add(Path(prefix, $"metadata.{field}"), error);
            }
        }

        var document = new SourceDocument
        {
            Id = id!,
            Tenant = request.Tenant!,
            Language = request.Language,
            Title = request.Title,
            Body = request.Body!,
            UpdatedAt = request.UpdatedAt ?? now,
            Metadata = request.Metadata is null ? "{}" : JsonSerializer.Serialize(request.Metadata),
        };
        errors.AddRange(document.Errors(), prefix);
        return errors.Count == before ? document : null;
    }

    // An index field in the metadata must be of its kind, where searches filter on it; the tenant, language and date
    // have fields of their own, so a second value here could only disagree with them.
    private static string? MetadataError(string field, JsonElement value, VectorIndexSchema schema) => field switch
    {
        VectorFilter.TenantField or VectorFilter.LanguageField => $"Give the {field} as the document's own '{field}' field.",
        VectorFilter.UpdatedAtField => "Give the date as the document's own 'updatedAt' field.",
        _ when schema.IsTagField(field) && (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString())) =>
            $"'{field}' is a TAG field of index '{schema.Name}': its value must be a non-empty string.",
        _ when schema.IsNumericField(field) && value.ValueKind != JsonValueKind.Number =>
            $"'{field}' is a NUMERIC field of index '{schema.Name}': its value must be a number.",
        _ => null,
    };

    private static string Path(string? prefix, string field) => prefix is null ? field : $"{prefix}.{field}";
}
