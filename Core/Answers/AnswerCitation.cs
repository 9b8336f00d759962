namespace RedisAspire.Core.Answers;

/// <summary>A passage an answer cites.</summary>
/// <param name="Number">The passage's number in the prompt, as the answer's <c>[n]</c> markers name it.</param>
/// <param name="Id">The chunk's id.</param>
/// <param name="DocumentId">The document it is a chunk of.</param>
/// <param name="Title">The document's title, when it has one.</param>
public sealed record AnswerCitation(int Number, string Id, string DocumentId, string? Title);

/// <summary>How an answer's citations were found.</summary>
public enum CitationBasis
{
    /// <summary>From the <c>[n]</c> markers in its text: exactly the passages it says it used.</summary>
    Markers,

    /// <summary>Its text has no markers: every passage it was given, since it was written from all of them.</summary>
    Passages,

    /// <summary>No passage was found, so the generator was not asked and nothing is cited.</summary>
    None,
}
