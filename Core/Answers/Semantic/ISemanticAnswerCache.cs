namespace RedisAspire.Core.Answers.Semantic;

/// <summary>
/// Earlier questions in a Redis vector index, each pointing to its cached answer: a new question near enough to an
/// earlier one of the same tenant, conversation context, generator and embedding version gets that answer's key.
/// </summary>
/// <remarks>
/// Invalid input throws <see cref="ArgumentException"/> whose ParamName names the field (tenant, contextHash,
/// generatorId, embeddingVersion, questionVector, answerKey, citedDocumentIds, documentId).
/// </remarks>
public interface ISemanticAnswerCache
{
    /// <summary>
    /// The nearest earlier question of <paramref name="scope"/> within the tenant's threshold whose entry has not
    /// expired and whose answer is still cached; null when there is none. A sliding entry's hit renews it.
    /// </summary>
    Task<SemanticHit?> LookupAsync(SemanticScope scope, float[] questionVector, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the question <paramref name="questionVector"/> of <paramref name="scope"/> was answered by the
    /// answer cached under <paramref name="answerKey"/>, which cites <paramref name="citedDocumentIds"/>. Drops the
    /// tenant's oldest entries past its maximum and sweeps its expired ones.
    /// </summary>
    /// <returns>The new entry's id.</returns>
    Task<string> AddAsync(
        SemanticScope scope,
        float[] questionVector,
        string answerKey,
        IReadOnlyCollection<string> citedDocumentIds,
        CancellationToken cancellationToken = default);

    /// <summary>Removes every entry of <paramref name="tenant"/> whose answer cites <paramref name="documentId"/>.</summary>
    /// <returns>How many entries were removed.</returns>
    Task<long> RemoveCitingAsync(string tenant, string documentId, CancellationToken cancellationToken = default);

    /// <summary>The counters since this process started.</summary>
    SemanticAnswerStatisticsSnapshot Statistics();
}
