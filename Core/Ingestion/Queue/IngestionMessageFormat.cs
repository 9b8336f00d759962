using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>
/// A message as the fields of one stream entry: <c>v</c> (format version), <c>op</c>, <c>kind</c>, <c>id</c>,
/// <c>tenant</c> and, for an upsert, <c>doc</c> (the <see cref="SourceDocument"/> as System.Text.Json). The id, tenant
/// and operation stand in fields of their own so that an entry whose document cannot be read still says whose it was.
/// </summary>
internal static class IngestionMessageFormat
{
    public const string Version = "1";
    public const string VersionField = "v";
    public const string OperationField = "op";
    public const string KindField = "kind";
    public const string IdField = "id";
    public const string TenantField = "tenant";
    public const string DocumentField = "doc";

    private const string UpsertKind = "upsert";
    private const string DeleteKind = "delete";

    // Documents are mostly text in any script: unescaped UTF-8 keeps an entry near the size of its text. The JSON
    // never reaches a browser from here, so HTML-sensitive characters need no escaping.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The entry's fields, name then value, in a flat list; the message must be valid.</summary>
    public static RedisValue[] ToFields(IngestionMessage message, string operationId)
    {
        List<RedisValue> fields =
        [
            VersionField, Version,
            OperationField, operationId,
            KindField, message.Kind == IngestionKind.Upsert ? UpsertKind : DeleteKind,
            IdField, message.DocumentId,
            TenantField, message.Tenant,
        ];
        if (message.Document is not null)
        {
            fields.Add(DocumentField);
            fields.Add(JsonSerializer.Serialize(message.Document, Json));
        }

        return [.. fields];
    }

    /// <summary>The UTF-8 size of an entry's fields, as Redis stores them.</summary>
    public static long ByteCount(RedisValue[] fields) =>
        fields.Sum(field => field.IsNull ? 0L : Encoding.UTF8.GetByteCount((string)field!));

    /// <summary>Reads an entry back; an entry that is not a valid message gives an error, with its operation when it names one.</summary>
    public static ParsedEntry Parse(IReadOnlyList<NameValueEntry> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            values[field.Name.ToString()] = field.Value.ToString();
        }

        var operationId = values.GetValueOrDefault(OperationField) is { } op && IngestionQueue.IsOperationId(op) ? op : null;
        if (values.GetValueOrDefault(VersionField) != Version)
        {
            return ParsedEntry.Malformed(operationId, $"The entry is not a version {Version} ingestion message (field '{VersionField}').");
        }

        if (operationId is null)
        {
            return ParsedEntry.Malformed(null, $"The entry has no valid operation id (field '{OperationField}').");
        }

        try
        {
            var message = values.GetValueOrDefault(KindField) switch
            {
                UpsertKind => IngestionMessage.Upsert(ReadDocument(values)),
                DeleteKind => IngestionMessage.Delete(values.GetValueOrDefault(IdField) ?? string.Empty, values.GetValueOrDefault(TenantField) ?? string.Empty),
                var kind => throw new ArgumentException($"The kind '{kind}' is neither '{UpsertKind}' nor '{DeleteKind}'.", KindField),
            };
            message = message with { OperationId = operationId };
            message.Validate();
            return new ParsedEntry(message, operationId, null);
        }
        catch (ArgumentException exception)
        {
            return ParsedEntry.Malformed(operationId, $"The entry is not a valid message: {exception.Message}");
        }
    }

    private static SourceDocument ReadDocument(Dictionary<string, string> values)
    {
        if (values.GetValueOrDefault(DocumentField) is not { } json)
        {
            throw new ArgumentException("An upsert entry has no document.", DocumentField);
        }

        try
        {
            return JsonSerializer.Deserialize<SourceDocument>(json, Json)
                ?? throw new ArgumentException("The document is JSON null.", DocumentField);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The document is not a JSON source document: {exception.Message}", DocumentField, exception);
        }
    }
}
