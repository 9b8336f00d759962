namespace RedisAspire.AppHost.Ingestion;

internal static class FolderImportRootExtensions
{
    /// <summary>The Api's setting naming the folder under which <c>POST /ingest/folder</c> may read.</summary>
    public const string SettingName = "Ingestion:FolderImport:Root";

    /// <summary>
    /// When running (not publishing), gives <paramref name="api"/> its folder import root: the AppHost's own
    /// <c>Ingestion:FolderImport:Root</c> when it is set (empty turns folder import off), otherwise the repository's
    /// git-ignored <c>import</c> folder, created at start when missing. A deployment configures its own.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithFolderImportRoot(this IResourceBuilder<ProjectResource> api)
    {
        var builder = api.ApplicationBuilder;
        if (builder.ExecutionContext.IsPublishMode)
        {
            return api;
        }

        var root = builder.Configuration[SettingName];
        if (root is null)
        {
            var defaultRoot = Path.GetFullPath(Path.Join(builder.AppHostDirectory, "..", "import"));
            builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
            {
                Directory.CreateDirectory(defaultRoot);
                return Task.CompletedTask;
            });
            root = defaultRoot;
        }

        return api.WithEnvironment(SettingName.Replace(":", "__", StringComparison.Ordinal), root);
    }
}
