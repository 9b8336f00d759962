using RedisAspire.Core.Ingestion;

namespace RedisAspire.Core.Answers.Semantic;

/// <summary>
/// What must be the same for an earlier question's answer to serve a new one: the tenant, the conversation so far,
/// the generator that wrote the answer and the embedding version that placed the questions. Only the question itself
/// may differ, by at most the tenant's threshold.
/// </summary>
/// <param name="Tenant">The tenant whose data the answer drew on.</param>
/// <param name="ContextHash">A hash of the conversation before the question (the same value the exact cache keys on).</param>
/// <param name="GeneratorId">The generator's name and model, for example "azure-openai/gpt-4o-mini".</param>
/// <param name="EmbeddingVersion">The embedding version the question's vector belongs to (1, 2, ...).</param>
public sealed record SemanticScope(string Tenant, string ContextHash, string GeneratorId, int EmbeddingVersion)
{
    /// <summary>The longest context hash or generator id accepted.</summary>
    public const int MaxPartLength = 256;

    /// <summary>Every part that is not valid, each under its field's name.</summary>
    public IEnumerable<InputError> Errors()
    {
        if (SourceDocument.CheckTenant(Tenant) is { } tenant)
        {
            yield return tenant;
        }

        if (CheckPart(ContextHash, "contextHash") is { } context)
        {
            yield return context;
        }

        if (CheckPart(GeneratorId, "generatorId") is { } generator)
        {
            yield return generator;
        }

        if (EmbeddingVersion < 1)
        {
            yield return new("embeddingVersion", $"embeddingVersion must be 1 or more; it is {EmbeddingVersion}.");
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first part that is not valid.</summary>
    public void Validate() => InputError.ThrowFirst(Errors());

    private static InputError? CheckPart(string? value, string field) =>
        string.IsNullOrEmpty(value) || value.Length > MaxPartLength || value.Any(char.IsControl)
            ? new(field, $"{field} must be 1 to {MaxPartLength} characters without control characters.")
            : null;
}
