using RedisAspire.Web.Services;

namespace RedisAspire.Web.Forms;

/// <summary>
/// The Documents page's upload form (<c>POST /ingest/files</c>): the files chosen and their tenant and language, checked
/// against the Api's bounds, so that a file it would refuse is named before anything is sent.
/// </summary>
public sealed class UploadForm
{
    /// <summary>The extensions the Api reads.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".md", ".txt", ".html", ".htm", ".jsonl"];

    /// <summary>The most files one upload may hold.</summary>
    public const int MaxFiles = 100;

    /// <summary>The largest body the Api accepts for an upload (<c>RequestBodies:MaxDocumentBytes</c>, by default).</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>Room for the multipart headers around each file, so that files that fit here fit in the Api's body too.</summary>
    public const long PartOverheadBytes = 1024;

    /// <summary>The most bytes the files may hold together.</summary>
    public static long MaxBytes(int files) => MaxBodyBytes - PartOverheadBytes * (files + 2);

    public string Tenant { get; set; } = "";
    public string Language { get; set; } = "";
    public List<UploadFile> Files { get; } = [];

    /// <summary>What is wrong, by the field the Api would name: <c>tenant</c>, <c>language</c>, <c>files</c>, or a file's own name.</summary>
    public FormErrors Validate()
    {
        var errors = new FormErrors();
        if (DocumentRules.TenantError(Tenant.Trim()) is { } tenant)
        {
            errors.Add("tenant", tenant);
        }

        if (DocumentRules.TextError(Language) is { } language)
        {
            errors.Add("language", language);
        }

        if (Files.Count == 0)
        {
            errors.Add("files", $"Choose at least one file ({string.Join(", ", Extensions)}).");
        }
        else if (Files.Count > MaxFiles)
        {
            errors.Add("files", $"An upload holds at most {MaxFiles} files; {Files.Count} are chosen.");
        }
        else if (Files.Sum(file => file.Size) is var total && total > MaxBytes(Files.Count))
        {
            errors.Add("files", $"The files hold {Format.Bytes(total)}; an upload holds at most {Format.Bytes(MaxBytes(Files.Count))} in all.");
        }

        foreach (var file in Files)
        {
            if (!Extensions.Contains(Path.GetExtension(file.Name).ToLowerInvariant()))
            {
                errors.Add(file.Name, $"The Api reads only {string.Join(", ", Extensions)} files.");
            }
            else if (file.Size == 0)
            {
                errors.Add(file.Name, "The file is empty.");
            }
        }

        return errors;
    }

    /// <summary>The files <see cref="Validate"/> named, with why.</summary>
    public IEnumerable<(string File, string Reason)> RefusedFiles(FormErrors errors) =>
        Files.Where(file => errors[file.Name] is not null).Select(file => (file.Name, errors[file.Name]!));
}
