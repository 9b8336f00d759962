namespace RedisAspire.Core.Answers;

/// <summary>One earlier turn of the conversation a question belongs to.</summary>
/// <param name="Role">Who said it.</param>
/// <param name="Text">What was said.</param>
public sealed record ConversationTurn(ConversationRole Role, string Text);

/// <summary>Who said a turn of a conversation.</summary>
public enum ConversationRole
{
    /// <summary>The person asking.</summary>
    User,

    /// <summary>An earlier answer.</summary>
    Assistant,
}
