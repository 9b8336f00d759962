namespace RedisAspire.Core.Vectors;

/// <summary>The steps of a rebuild at which writers may land, in order.</summary>
internal enum RebuildStep
{
    /// <summary>The lock is taken and names the target.</summary>
    Locked,

    /// <summary>The target is ready; nothing is copied yet.</summary>
    Prepared,

    /// <summary>The first document is copied.</summary>
    Copying,

    /// <summary>Every document is copied; the swap is next.</summary>
    Copied,

    /// <summary>The target is live; the lock is still held.</summary>
    Swapped,
}
