namespace RedisAspire.Core.Answers;

/// <summary>A question to answer from one tenant's documents.</summary>
/// <param name="Tenant">The tenant whose documents alone may answer it.</param>
/// <param name="Question">The question as asked.</param>
/// <param name="Context">The earlier turns of the conversation, oldest first; empty for a first question.</param>
/// <param name="K">How many passages the answer is written from.</param>
public sealed record AnswerQuestion(string Tenant, string Question, IReadOnlyList<ConversationTurn> Context, int K);
