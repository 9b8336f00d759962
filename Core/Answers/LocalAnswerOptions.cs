using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Answers;

/// <summary>The configuration section <c>Answers:Local</c>: the extractive answerer.</summary>
public sealed class LocalAnswerOptions
{
    /// <summary><c>Answers:Local:MaxSentences</c>: how many sentences of the passages an answer quotes at most.</summary>
    [Range(1, 20, ErrorMessage = "Answers:Local:MaxSentences must be between {1} and {2}.")]
    public int MaxSentences { get; set; } = 3;
}
