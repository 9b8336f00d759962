using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>A rebuild as its lock names it: its own token, and the target it fills.</summary>
internal sealed record RunningRebuild(string Token, string Target)
{
    /// <summary>The lock's value: the token, a space, the target.</summary>
    public string LockValue => $"{Token} {Target}";

    /// <summary>The rebuild a lock value names; null for no value.</summary>
    public static RunningRebuild? Parse(RedisValue lockValue) =>
        ((string?)lockValue)?.Split(' ', 2) is [var token, var target] ? new RunningRebuild(token, target) : null;
}
