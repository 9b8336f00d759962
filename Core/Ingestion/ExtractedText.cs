namespace RedisAspire.Core.Ingestion;

/// <summary>Clean text taken from a file, with the title the file gives itself.</summary>
/// <param name="Title">The file's own title (HTML title or first h1, first markdown heading, first line); null when it has none.</param>
/// <param name="Text">The text, normalised by <see cref="TextNormalizer.Normalize"/>.</param>
internal sealed record ExtractedText(string? Title, string Text);
