namespace RedisAspire.Core.Ingestion;

/// <summary>What a folder import gives documents whose file does not say: every markdown, text and HTML file, and JSONL lines without these fields.</summary>
/// <param name="Tenant">The tenant that owns the documents.</param>
/// <param name="Language">The documents' language, for example "en"; null when unknown.</param>
public sealed record FolderImportDefaults(string Tenant, string? Language = null);
