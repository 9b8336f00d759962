using System.Globalization;

namespace RedisAspire.Web.Forms;

/// <summary>The Api's rules for a document's id, tenant and texts, so that the Documents page's forms name a mistake before sending.</summary>
public static class DocumentRules
{
    /// <summary>The longest document id accepted: the Api keeps 8 characters of its 256 for chunk ids (<c>{id}#{n}</c>).</summary>
    public const int MaxIdLength = 248;

    /// <summary>The longest tenant name accepted.</summary>
    public const int MaxTenantLength = 64;

    /// <summary>The longest body accepted, in characters.</summary>
    public const int MaxBodyLength = 1_000_000;

    /// <summary>The fields a document has of its own: metadata may not give them a second value.</summary>
    public static readonly IReadOnlySet<string> OwnFields = new HashSet<string>(StringComparer.Ordinal) { "tenant", "language", "updated_at" };

    /// <summary>What is wrong with a document id; null when nothing is.</summary>
    public static string? IdError(string id) =>
        id.Length == 0 ? "Give the document's id."
        : id.Length > MaxIdLength ? $"At most {MaxIdLength} characters; this is {id.Length:N0}."
        : id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? "A document id has no spaces or control characters."
        : null;

    /// <summary>What is wrong with a tenant's name; null when nothing is. The dashboard is an admin: it must name the tenant.</summary>
    public static string? TenantError(string tenant) =>
        tenant.Length == 0 ? "Name the tenant: the dashboard acts for the tenant it names."
        : tenant.Length > MaxTenantLength || !tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? $"A tenant is 1 to {MaxTenantLength} letters, digits, '.', '_' or '-'."
            : null;

    /// <summary>What is wrong with a text the Api stores: a control character other than tab and line breaks; null when nothing is.</summary>
    public static string? TextError(string text)
    {
        foreach (var character in text)
        {
            if (character is < ' ' and not ('\t' or '\n' or '\v' or '\f' or '\r') or '\u007F')
            {
                return string.Create(CultureInfo.InvariantCulture, $"Contains the control character U+{(int)character:X4}, which the Api refuses.");
            }
        }

        return null;
    }

    /// <summary>The value of an optional text field as the request carries it: null when left blank.</summary>
    public static string? Optional(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
