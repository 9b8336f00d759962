using RedisAspire.Contracts;

namespace RedisAspire.Web.Forms;

/// <summary>The Documents page's folder import form (<c>POST /ingest/folder</c>, for admins): a folder under the Api's import root.</summary>
public sealed class DocumentFolderForm
{
    /// <summary>The folder: absolute, or relative to the import root.</summary>
    public string Path { get; set; } = "";

    /// <summary>The tenant of its documents that do not name one.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>The language of its documents that do not say; empty for none.</summary>
    public string Language { get; set; } = "";

    /// <summary>What is wrong, by the field the Api would name.</summary>
    public FormErrors Validate()
    {
        var errors = new FormErrors();
        if (string.IsNullOrWhiteSpace(Path))
        {
            errors.Add("path", "Give a folder under the import root, absolute or relative to it.");
        }
        else if (DocumentRules.TextError(Path) is { } notText)
        {
            errors.Add("path", notText);
        }

        if (DocumentRules.TenantError(Tenant.Trim()) is { } tenant)
        {
            errors.Add("tenant", tenant);
        }

        if (DocumentRules.TextError(Language) is { } language)
        {
            errors.Add("language", language);
        }

        return errors;
    }

    /// <summary>The request the form describes; call it once <see cref="Validate"/> found nothing wrong.</summary>
    public FolderImportRequest ToRequest() => new() { Path = Path.Trim(), Tenant = Tenant.Trim(), Language = DocumentRules.Optional(Language) };
}
