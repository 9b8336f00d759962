namespace RedisAspire.Core.Answers;

/// <summary>The configuration section <c>Answers</c>: which model writes answers, and how they are cached (<c>Answers:Cache</c>).</summary>
public sealed class AnswerOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Answers";

    /// <summary>
    /// <c>Answers:AzureOpenAI</c>: a chat deployment. When its endpoint is set, it writes the answers; otherwise the
    /// local extractive answerer does.
    /// </summary>
    public AzureOpenAIChatOptions AzureOpenAI { get; set; } = new();

    /// <summary><c>Answers:Local</c>: the extractive answerer used without a chat deployment.</summary>
    public LocalAnswerOptions Local { get; set; } = new();

    /// <summary><c>Answers:Cache</c>: the exact answer cache.</summary>
    public AnswerCacheOptions Cache { get; set; } = new();

    /// <summary>Whether a chat deployment is configured (its endpoint is set).</summary>
    public bool UsesAzureOpenAI => AzureOpenAI?.Endpoint is not null;
}
