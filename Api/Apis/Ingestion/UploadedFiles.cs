using System.Globalization;
using System.Text;
using System.Text.Json;
using RedisAspire.Api.Identity;
using RedisAspire.Api.Validation;
using RedisAspire.Core.Ingestion;

namespace RedisAspire.Api.Apis.Ingestion;

/// <summary>
/// An upload's files as source documents: each file's name checked and its bytes decoded as strict UTF-8, then read by
/// the folder import's <see cref="SourceFileReader"/>; what is refused is reported under the file's name (and line:
/// <c>menu.jsonl:3</c>), or <c>files[2]</c> when the file has no usable name.
/// </summary>
internal static class UploadedFiles
{
    // Invalid bytes are refused, never replaced: a document that silently lost characters is worse than a 400.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The documents of <paramref name="files"/>, each with where it comes from; what is wrong goes to <paramref name="errors"/>,
    /// and a document of a tenant the caller may not use is a 403.
    /// </summary>
    public static async Task<Upload> ReadAsync(
        IFormFileCollection files, FolderImportDefaults defaults, Caller caller, DateTimeOffset now, RequestErrors errors, CancellationToken cancellationToken)
    {
        var reader = new SourceFileReader(defaults);
        var documents = new List<UploadedDocument>();
        for (var index = 0; index < files.Count; index++)
        {
            var file = files[index];
            var name = NameOf(file.FileName);
            if (name.Length == 0 || PlainText.Error(name) is not null)
            {
                errors.Add($"files[{index}]", "The file's name is missing or not text: the document id is made from it.");
                continue;
            }

            if (SourceFileReader.KindOf(name) == SourceFileKind.Other)
            {
                errors.Add(name, $"The file's extension is not read; use {string.Join(", ", SourceFileReader.Extensions)}.");
                continue;
            }

            if (await DecodeAsync(file, name, errors, cancellationToken) is not { } content)
            {
                continue;
            }

            foreach (var item in reader.Read(name, content, now))
            {
                var where = Where(name, item.Line);
                if (item.Error is { } error)
                {
                    errors.Add(where, error.Message);
                }
                else if (item.Document is { } document)
                {
                    if (!caller.MayUse(document.Tenant))
                    {
                        return new([], caller.Forbidden(document.Tenant, $"{where}.tenant"));
                    }

                    if (TextError(document) is { } notText)
                    {
                        errors.Add(where, notText);
                    }
                    else
                    {
                        documents.Add(new(where, document));
                    }
                }
            }
        }

        return new(documents, null);
    }

    /// <summary>Where the document of the queue's refused field (<c>messages[3].document</c>) comes from; <c>files</c> for the whole batch.</summary>
    public static string Where(string? queueField, IReadOnlyList<UploadedDocument> documents)
    {
        const string Prefix = "messages[";
        var end = queueField?.IndexOf(']', StringComparison.Ordinal) ?? -1;
        return queueField is not null && queueField.StartsWith(Prefix, StringComparison.Ordinal) && end > Prefix.Length
            && int.TryParse(queueField.AsSpan(Prefix.Length, end - Prefix.Length), CultureInfo.InvariantCulture, out var index)
            && index >= 0 && index < documents.Count
            ? documents[index].Where
            : "files";
    }

    private static string Where(string file, int? line) => line is null ? file : $"{file}:{line}";

    /// <summary>The name without any folder a client sent with it: documents are named after the file alone.</summary>
    private static string NameOf(string? fileName)
    {
        var name = (fileName ?? string.Empty).Replace('\\', '/');
        return name[(name.LastIndexOf('/') + 1)..].Trim();
    }

    /// <summary>The file's text, without a byte order mark; null, with the error recorded, when it is empty or not UTF-8.</summary>
    private static async Task<string?> DecodeAsync(IFormFile file, string name, RequestErrors errors, CancellationToken cancellationToken)
    {
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        var text = bytes.AsMemory();
        if (text.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            text = text[Encoding.UTF8.Preamble.Length..];
        }

        string content;
        try
        {
            content = StrictUtf8.GetString(text.Span);
        }
        catch (DecoderFallbackException invalid)
        {
            var at = Math.Clamp(invalid.Index, 0, text.Length);
            var line = text.Span[..at].Count((byte)'\n') + 1;
            errors.Add(
                SourceFileReader.KindOf(name) == SourceFileKind.Jsonl ? Where(name, line) : name,
                $"The file is not valid UTF-8: the bytes from offset {at} (line {line}) are not a UTF-8 character.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(content))
        {
            errors.Add(name, "The file is empty.");
            return null;
        }

        return content;
    }

    /// <summary>What the rule every request string meets (<see cref="PlainText"/>) finds wrong with a document's texts and id.</summary>
    private static string? TextError(SourceDocument document)
    {
        (string Field, string? Value)[] texts =
        [
            ("id", document.Id), ("tenant", document.Tenant), ("language", document.Language), ("title", document.Title), ("body", document.Body),
        ];
        foreach (var (field, value) in texts)
        {
            if (value is not null && PlainText.Error(value) is { } error)
            {
                return $"{field} {error}";
            }
        }

        using var metadata = JsonDocument.Parse(document.Metadata);
        return PlainText.FirstError(metadata.RootElement) is { } refused ? $"metadata{refused.Within}: {refused.Message}" : null;
    }
}
