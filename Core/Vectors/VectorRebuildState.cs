namespace RedisAspire.Core.Vectors;

/// <summary>Where a rebuild stands.</summary>
public enum VectorRebuildState
{
    /// <summary>Copying documents into the new version.</summary>
    Running,

    /// <summary>The new version was swapped in.</summary>
    Completed,

    /// <summary>The rebuild stopped; the old version stayed live.</summary>
    Failed,
}
