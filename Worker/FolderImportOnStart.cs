using Microsoft.Extensions.Options;
using RedisAspire.Core.Ingestion;

namespace RedisAspire.Worker;

/// <summary>
/// Imports the folder <c>Ingestion:FolderImport:OnStart</c>, when set, once at start, with the tenant and language of
/// <c>Ingestion:FolderImport:Tenant</c> and <c>Language</c>. A failure is logged: the Worker goes on without it. Every
/// replica imports it; the pipeline leaves unchanged chunks alone, so the cost is repeated reading and planning.
/// </summary>
internal sealed partial class FolderImportOnStart(
    FolderImport import,
    IOptions<FolderImportOptions> options,
    ILogger<FolderImportOnStart> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.OnStart))
        {
            return;
        }

        try
        {
            var result = await import.ImportAsync(settings.OnStart, new FolderImportDefaults(settings.Tenant!, settings.Language), stoppingToken);
            LogImported(settings.OnStart, result.Documents, string.Join(", ", result.Operations), result.Skipped, result.Errors.Count + result.MoreErrors);
            foreach (var error in result.Errors)
            {
                LogFileError(error.File, error.Line, error.Message);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogImportFailed(settings.OnStart, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Folder {Folder}: queued {Documents} documents as operations [{Operations}]; {Skipped} files skipped, {Errors} errors.")]
    private partial void LogImported(string folder, int documents, string operations, int skipped, int errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Folder import: {File} (line {Line}) was not imported: {Message}")]
    private partial void LogFileError(string file, int? line, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The folder {Folder} could not be imported.")]
    private partial void LogImportFailed(string folder, Exception exception);
}
