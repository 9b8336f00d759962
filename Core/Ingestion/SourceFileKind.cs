namespace RedisAspire.Core.Ingestion;

/// <summary>The kinds of file read into documents, by extension.</summary>
public enum SourceFileKind
{
    /// <summary>Not read: any other extension.</summary>
    Other,

    /// <summary><c>.md</c>: one document.</summary>
    Markdown,

    /// <summary><c>.txt</c>: one document.</summary>
    Text,

    /// <summary><c>.html</c>, <c>.htm</c>: one document.</summary>
    Html,

    /// <summary><c>.jsonl</c>: one document a line.</summary>
    Jsonl,
}
