namespace RedisAspire.Core.Ingestion;

/// <summary>
/// The folder under which imports are allowed (<c>Ingestion:FolderImport:Root</c>), and the check that a requested
/// folder is really inside it once <c>..</c> and symbolic links are resolved.
/// </summary>
internal sealed class ImportRoot(string root)
{
    // Symbolic links followed while resolving one path before giving up, as the kernel's own limit (ELOOP) does.
    private const int MaxLinks = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// The full path, symbolic links resolved, of the folder <paramref name="path"/> (absolute, or relative to the root),
    /// once it is known to be inside the root.
    /// </summary>
    /// <exception cref="ArgumentException">The path is blank, not valid or outside the root (ParamName <c>path</c>).</exception>
    /// <exception cref="DirectoryNotFoundException">There is no such folder under the root.</exception>
    public string Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("path is required: a folder under the import root.", nameof(path));
        }

        var fullRoot = Path.GetFullPath(root);
        string full;
        try
        {
            full = Path.GetFullPath(path, fullRoot);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException("path is not a valid path.", nameof(path), exception);
        }

        // Checked before the folder is looked at, so a path outside the root is refused without saying whether it exists.
        if (!IsWithin(full, fullRoot))
        {
            throw Outside(path);
        }

        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"There is no folder '{path}' under the import root.");
        }

        // A link inside the root may point anywhere: what counts is where the files really are.
        var real = RealPath(full, path, 0);
        if (!IsWithin(real, RealPath(fullRoot, path, 0)))
        {
            throw Outside(path);
        }

        return real;
    }

    private static ArgumentException Outside(string path) =>
        new($"path '{path}' is outside the import root ({FolderImportOptions.SectionName}:Root).", nameof(path));

    private static bool IsWithin(string path, string root)
    {
        root = Path.TrimEndingDirectorySeparator(root);
        path = Path.TrimEndingDirectorySeparator(path);
        if (string.Equals(path, root, PathComparison))
        {
            return true;
        }

        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }

    // The path with every symbolic link along it replaced by its target, component by component from the top, so a
    // link in a parent folder counts as much as one at the end.
    private static string RealPath(string fullPath, string requested, int links)
    {
        var top = Path.GetPathRoot(fullPath) ?? string.Empty;
        var current = top;
        foreach (var part in fullPath[top.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Join(current, part);
            if (new DirectoryInfo(next).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new ArgumentException($"path '{requested}' goes through more than {MaxLinks} symbolic links.", nameof(requested));
                }

                // A relative target is relative to the folder holding the link, which is already resolved.
                next = RealPath(Path.GetFullPath(target, current), requested, links);
            }

            current = next;
        }

        return current;
    }
}
