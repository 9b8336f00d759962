namespace RedisAspire.Core.Retrieval;

/// <summary>Where an embedding version is in its life.</summary>
public enum EmbeddingVersionState
{
    /// <summary>Being built beside the live one; queries do not read it yet.</summary>
    Building,

    /// <summary>The version queries and writes use; there is exactly one.</summary>
    Live,

    /// <summary>Replaced by a newer version; kept a short while for queries that started on it, then dropped.</summary>
    Retiring,

    /// <summary>Replaced, and its table and hot index dropped.</summary>
    Retired,

    /// <summary>Its build stopped on an error; the live version was never touched.</summary>
    Failed,
}
