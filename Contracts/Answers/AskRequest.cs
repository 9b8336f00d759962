using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>The body of <c>POST /ask</c>: a question, how many passages to answer from, and the conversation so far.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AskRequest
{
    /// <summary>The longest question accepted, in characters.</summary>
    public const int MaxQuestionLength = 2000;

    /// <summary>The largest K a caller may ask for.</summary>
    public const int MaxK = 20;

    /// <summary>The most earlier turns accepted.</summary>
    public const int MaxContextTurns = 20;

    /// <summary>The longest earlier turn accepted, in characters.</summary>
    public const int MaxTurnLength = 4000;

    /// <summary>The question; required.</summary>
    public string? Question { get; init; }

    /// <summary>How many passages the answer is written from, from 1 to 20; 5 when absent.</summary>
    public int K { get; init; } = 5;

    /// <summary>The earlier turns of the conversation, oldest first (at most 20); part of the cache key.</summary>
    public IReadOnlyList<AskTurn>? Context { get; init; }

    /// <summary>The tenant whose documents answer; the caller's own when it has one tenant, required otherwise.</summary>
    public string? Tenant { get; init; }
}

/// <summary>One earlier turn of the conversation.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AskTurn
{
    /// <summary>Who said it: <c>user</c> or <c>assistant</c>.</summary>
    public string? Role { get; init; }

    /// <summary>What was said (at most 4000 characters).</summary>
    public string? Text { get; init; }
}
