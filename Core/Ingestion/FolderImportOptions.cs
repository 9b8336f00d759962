using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Ingestion;

/// <summary>Settings of folder imports through the queue (configuration section <c>Ingestion:FolderImport</c>).</summary>
public sealed class FolderImportOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ingestion:FolderImport";

    /// <summary>
    /// <c>Ingestion:FolderImport:Root</c>: the absolute path of the folder under which imports are allowed; a requested
    /// folder must be inside it once its <c>..</c> and symbolic links are resolved. Unset (or blank): folder import is
    /// disabled, so a server never reads its file system unless told which part of it it may read.
    /// </summary>
    public string? Root { get; set; }

    /// <summary>
    /// <c>Ingestion:FolderImport:OnStart</c>: a folder (absolute, or relative to <see cref="Root"/>) the Worker imports
    /// once when it starts; unset: none. Read by the Worker only, which allows this folder when <see cref="Root"/> is unset.
    /// </summary>
    public string? OnStart { get; set; }

    /// <summary><c>Ingestion:FolderImport:Tenant</c>: the tenant of the documents <see cref="OnStart"/> imports (required with it).</summary>
    public string? Tenant { get; set; }

    /// <summary><c>Ingestion:FolderImport:Language</c>: the language of the documents <see cref="OnStart"/> imports, for example "en"; unset: unknown.</summary>
    public string? Language { get; set; }

    /// <summary>Whether folder import is enabled (<see cref="Root"/> is set).</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Root);

    /// <summary>The errors of these settings, each naming its setting.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A relative root would depend on the process's working directory, which differs between a developer's run,
        // the AppHost's and a container's.
        if (IsEnabled && !Path.IsPathFullyQualified(Root!))
        {
            yield return new ValidationResult($"{SectionName}:Root must be an absolute path; it is '{Root}'.", [nameof(Root)]);
        }

        if (!string.IsNullOrWhiteSpace(OnStart)
            && (string.IsNullOrWhiteSpace(Tenant) || Tenant.Length > SourceDocument.MaxTenantLength))
        {
            yield return new ValidationResult(
                $"{SectionName}:Tenant must be 1 to {SourceDocument.MaxTenantLength} characters and not blank when {SectionName}:OnStart is set.",
                [nameof(Tenant)]);
        }

        if (Language is not null && string.IsNullOrWhiteSpace(Language))
        {
            yield return new ValidationResult($"{SectionName}:Language must be unset or not blank.", [nameof(Language)]);
        }
    }
}
