using System.Reflection;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// A small multi-tenant corpus shipped with the application, for demos and tests: a restaurant's menu and house
/// questions (<c>harbor-bistro</c>) and a clinic's policies (<c>st-aidan-clinic</c>), in English and German.
/// </summary>
public static class SampleCorpus
{
    /// <summary>The prefix of the corpus's embedded JSONL resources (one file per tenant and language).</summary>
    internal const string ResourcePrefix = "RedisAspire.Core.Ingestion.SampleCorpus.";

    /// <summary>The corpus's documents, in the order of its files and lines; throws <see cref="InvalidDataException"/> if a line is not a valid document.</summary>
    public static IReadOnlyList<SourceDocument> Load()
    {
        var assembly = typeof(SampleCorpus).Assembly;
        var documents = new List<SourceDocument>();
        foreach (var name in assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".jsonl", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            documents.AddRange(Read(assembly, name));
        }

        return documents;
    }

    private static IEnumerable<SourceDocument> Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidDataException($"The sample corpus resource {name} is missing.");
        using var reader = new StreamReader(stream);
        var documents = new List<SourceDocument>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                documents.Add(SourceDocumentJson.Parse(line, defaultTenant: null, defaultLanguage: null));
            }
            catch (ArgumentException exception)
            {
                throw new InvalidDataException($"{name} line {lineNumber}: {exception.Message}", exception);
            }
        }

        return documents;
    }
}
