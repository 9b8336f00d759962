namespace RedisAspire.Core.Answers;

/// <summary>An answer as the generator wrote it and the exact cache keeps it.</summary>
/// <param name="Text">The answer, with <c>[n]</c> markers where the generator cited passages.</param>
/// <param name="Citations">The passages it cites, in order of first citation.</param>
/// <param name="Basis">How the citations were found.</param>
/// <param name="Generator">The generator's name (Local, AzureOpenAI).</param>
/// <param name="Model">The generator's model or deployment.</param>
/// <param name="DocumentIds">Every document of the passages it was written from (its cache tags): a change to any drops it.</param>
/// <param name="GeneratedAt">When it was written.</param>
/// <param name="GenerationMilliseconds">How long the generator took; 0 when it was not asked.</param>
public sealed record GeneratedAnswer(
    string Text,
    IReadOnlyList<AnswerCitation> Citations,
    CitationBasis Basis,
    string Generator,
    string Model,
    IReadOnlyList<string> DocumentIds,
    DateTimeOffset GeneratedAt,
    double GenerationMilliseconds);
