using System.Globalization;
using System.Text.Json;
using RedisAspire.Contracts;

namespace RedisAspire.Web.Forms;

/// <summary>
/// The Search page's form: every field as typed, checked against the rules the Api applies (so most mistakes are
/// named before sending), then turned into a <see cref="SearchRequest"/>.
/// </summary>
public sealed class SearchForm
{
    /// <summary>The tiers a caller may ask for.</summary>
    public static readonly IReadOnlyList<string> Tiers = ["auto", "hot", "cold"];

    /// <summary>Filter names with fields of their own on the form; a tag or number row may not use them.</summary>
    private static readonly HashSet<string> OwnFilters = new(StringComparer.Ordinal) { "tenant", "language", "updatedAfter", "updatedBefore", "updated_at" };

    public string Text { get; set; } = "";
    public string K { get; set; } = "5";
    public string Tenant { get; set; } = "";
    public string Language { get; set; } = "";
    public string UpdatedAfter { get; set; } = "";
    public string UpdatedBefore { get; set; } = "";
    public string Tier { get; set; } = "auto";
    public string EfRuntime { get; set; } = "";
    public string Radius { get; set; } = "";

    /// <summary>Further TAG fields of the index, each an exact value.</summary>
    public List<TagFilterRow> Tags { get; } = [];

    /// <summary>Further NUMERIC fields of the index, each a range.</summary>
    public List<NumberFilterRow> Numbers { get; } = [];

    /// <summary>What is wrong, by the field the Api would name.</summary>
    public FormErrors Validate()
    {
        var errors = new FormErrors();
        if (string.IsNullOrWhiteSpace(Text))
        {
            errors.Add("text", "Write what to search for.");
        }
        else if (Text.Length > SearchRequest.MaxTextLength)
        {
            errors.Add("text", $"At most {SearchRequest.MaxTextLength:N0} characters; this is {Text.Length:N0}.");
        }

        if (!int.TryParse(K, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) || k is < 1 or > SearchRequest.MaxK)
        {
            errors.Add("k", $"k is a whole number from 1 to {SearchRequest.MaxK}.");
        }

        if (EfRuntime.Length > 0 && (!int.TryParse(EfRuntime, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ef) || ef < 1))
        {
            errors.Add("efRuntime", "EF is a whole number of at least 1, or empty for the index's own.");
        }

        if (Radius.Length > 0 && (!double.TryParse(Radius, NumberStyles.Float, CultureInfo.InvariantCulture, out var radius) || radius is < 0 or > 2))
        {
            errors.Add("radius", "The radius is a cosine distance from 0 to 2, or empty for the K nearest.");
        }

        if (!Tiers.Contains(Tier))
        {
            errors.Add("tier", "The tier is auto, hot or cold.");
        }

        var after = Instant(UpdatedAfter, "filters.updatedAfter", errors);
        var before = Instant(UpdatedBefore, "filters.updatedBefore", errors);
        if (after is { } from && before is { } to && from > to)
        {
            errors.Add("filters.updatedAfter", "'Updated after' is later than 'updated before'.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (row, index) in Tags.Select((row, index) => (row, index)))
        {
            CheckName(row.Name, $"tags[{index}]", names, errors);
            if (row.Value.Length == 0)
            {
                errors.Add($"tags[{index}]", $"Give '{row.Name}' a value, or remove the row.");
            }
        }

        foreach (var (row, index) in Numbers.Select((row, index) => (row, index)))
        {
            CheckName(row.Name, $"numbers[{index}]", names, errors);
            var min = Number(row.Min, $"numbers[{index}]", errors);
            var max = Number(row.Max, $"numbers[{index}]", errors);
            if (row.Min.Length == 0 && row.Max.Length == 0)
            {
                errors.Add($"numbers[{index}]", $"Give '{row.Name}' a minimum, a maximum or both.");
            }
            else if (min > max)
            {
                errors.Add($"numbers[{index}]", "The minimum is above the maximum.");
            }
        }

        return errors;
    }

    /// <summary>The request the form describes; call it once <see cref="Validate"/> found nothing wrong.</summary>
    public SearchRequest ToRequest()
    {
        var filters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        AddText(filters, "tenant", Tenant);
        AddText(filters, "language", Language);
        AddInstant(filters, "updatedAfter", UpdatedAfter);
        AddInstant(filters, "updatedBefore", UpdatedBefore);
        foreach (var row in Tags)
        {
            filters[row.Name.Trim()] = JsonSerializer.SerializeToElement(row.Value);
        }

        foreach (var row in Numbers)
        {
            var range = new Dictionary<string, double>();
            if (row.Min.Length > 0)
            {
                range["min"] = double.Parse(row.Min, CultureInfo.InvariantCulture);
            }

            if (row.Max.Length > 0)
            {
                range["max"] = double.Parse(row.Max, CultureInfo.InvariantCulture);
            }

            filters[row.Name.Trim()] = JsonSerializer.SerializeToElement(range);
        }

        return new SearchRequest
        {
            Text = Text,
            K = int.Parse(K, CultureInfo.InvariantCulture),
            Filters = filters.Count == 0 ? null : filters,
            EfRuntime = EfRuntime.Length == 0 ? null : int.Parse(EfRuntime, CultureInfo.InvariantCulture),
            Radius = Radius.Length == 0 ? null : double.Parse(Radius, CultureInfo.InvariantCulture),
            Tier = Tier,
        };
    }

    private static void CheckName(string name, string field, HashSet<string> names, FormErrors errors)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            errors.Add(field, "Name the field to filter on.");
        }
        else if (OwnFilters.Contains(trimmed))
        {
            errors.Add(field, $"'{trimmed}' has a field of its own above.");
        }
        else if (!names.Add(trimmed))
        {
            errors.Add(field, $"'{trimmed}' is filtered on twice.");
        }
    }

    /// <summary>An instant as the Api reads one: ISO 8601 (UTC when no offset is written) or Unix seconds.</summary>
    private static DateTimeOffset? Instant(string value, string field, FormErrors errors)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        errors.Add(field, "Write a date (2026-01-31), an instant (2026-01-31T12:00:00Z) or Unix seconds.");
        return null;
    }

    private static double? Number(string value, string field, FormErrors errors)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        errors.Add(field, $"'{value}' is not a number.");
        return null;
    }

    private static void AddText(Dictionary<string, JsonElement> filters, string name, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            filters[name] = JsonSerializer.SerializeToElement(value.Trim());
        }
    }

    private static void AddInstant(Dictionary<string, JsonElement> filters, string name, string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        var instant = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        filters[name] = JsonSerializer.SerializeToElement(instant.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
    }
}
