using System.Globalization;
using System.Text.Json;
using RedisAspire.Contracts;

namespace RedisAspire.Web.Forms;

/// <summary>
/// The Documents page's write form (<c>PUT /documents/{id}</c>): every field as typed, checked against the rules the Api
/// applies, then turned into a <see cref="DocumentRequest"/>. Its id and tenant also name a document to delete.
/// </summary>
public sealed class DocumentForm
{
    public string Tenant { get; set; } = "";
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string Language { get; set; } = "";

    /// <summary>When the document last changed: a date, an instant or Unix seconds; empty for now.</summary>
    public string UpdatedAt { get; set; } = "";

    /// <summary>Further fields: values of the index's TAG and NUMERIC fields, which searches filter on, and anything else.</summary>
    public List<DocumentMetadataRow> Metadata { get; } = [];

    /// <summary>What is wrong with the document to write, by the field the Api would name (<c>metadata[2]</c> for a row).</summary>
    public FormErrors Validate()
    {
        var errors = ValidateReference();
        if (string.IsNullOrWhiteSpace(Body))
        {
            errors.Add("body", "Write the document's text.");
        }
        else if (Body.Length > DocumentRules.MaxBodyLength)
        {
            errors.Add("body", $"At most {DocumentRules.MaxBodyLength:N0} characters; this is {Body.Length:N0}.");
        }

        AddTextError(errors, "body", Body);
        AddTextError(errors, "title", Title);
        AddTextError(errors, "language", Language);
        if (UpdatedAt.Length > 0 && Instant(UpdatedAt) is null)
        {
            errors.Add("updatedAt", "Write a date (2026-01-31), an instant (2026-01-31T12:00:00Z) or Unix seconds, or leave it empty for now.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (row, index) in Metadata.Select((row, index) => (row, index)))
        {
            var field = $"metadata[{index}]";
            var name = row.Name.Trim();
            if (name.Length == 0)
            {
                errors.Add(field, "Name the field.");
            }
            else if (DocumentRules.OwnFields.Contains(name))
            {
                errors.Add(field, name == "updated_at" ? "Give the date in 'Updated at' above." : $"Give the {name} in its own field above.");
            }
            else if (!names.Add(name))
            {
                errors.Add(field, $"'{name}' is given twice.");
            }

            if (row.Kind == "number")
            {
                if (!double.TryParse(row.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    errors.Add(field, $"'{row.Value}' is not a number.");
                }
            }
            else if (string.IsNullOrWhiteSpace(row.Value))
            {
                errors.Add(field, "Give a value, or remove the row: a TAG field's value is a non-empty text.");
            }
            else
            {
                AddTextError(errors, field, row.Value);
            }
        }

        return errors;
    }

    /// <summary>What is wrong with the id and tenant alone: all a removal needs.</summary>
    public FormErrors ValidateReference()
    {
        var errors = new FormErrors();
        if (DocumentRules.TenantError(Tenant.Trim()) is { } tenant)
        {
            errors.Add("tenant", tenant);
        }

        if (DocumentRules.IdError(Id.Trim()) is { } id)
        {
            errors.Add("id", id);
        }

        return errors;
    }

    /// <summary>The request the form describes; call it once <see cref="Validate"/> found nothing wrong.</summary>
    public DocumentRequest ToRequest() => new()
    {
        Tenant = Tenant.Trim(),
        Title = DocumentRules.Optional(Title),
        Body = Body,
        Language = DocumentRules.Optional(Language),
        UpdatedAt = UpdatedAt.Length == 0 ? null : Instant(UpdatedAt),
        Metadata = Metadata.Count == 0 ? null : Metadata.ToDictionary(
            row => row.Name.Trim(),
            row => row.Kind == "number"
                ? JsonSerializer.SerializeToElement(double.Parse(row.Value, NumberStyles.Float, CultureInfo.InvariantCulture))
                : JsonSerializer.SerializeToElement(row.Value.Trim()),
            StringComparer.Ordinal),
    };

    /// <summary>An instant as the Api reads one: ISO 8601 (UTC when no offset is written) or Unix seconds; null when it is neither.</summary>
    private static DateTimeOffset? Instant(string value)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds is >= -62_135_596_800 and <= 253_402_300_799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant : null;
    }

    private static void AddTextError(FormErrors errors, string field, string value)
    {
        if (DocumentRules.TextError(value) is { } error)
        {
            errors.Add(field, error);
        }
    }
}
