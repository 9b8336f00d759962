using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>The embedding versions (<c>GET /reembed</c>).</summary>
/// <param name="Live">The version queries use.</param>
/// <param name="Building">The version being built; null when none is.</param>
/// <param name="Versions">Every version, oldest first.</param>
public sealed record ReembedResponse(EmbeddingVersion? Live, EmbeddingVersion? Building, IReadOnlyList<EmbeddingVersion> Versions);

/// <summary>One embedding model's copy of the documents.</summary>
/// <param name="Version">1 for the first; each re-embedding takes the next.</param>
/// <param name="Provider">Local or AzureOpenAI.</param>
/// <param name="Model">The model or deployment.</param>
/// <param name="Dimensions">Its vectors' dimension.</param>
/// <param name="Table">The PostgreSQL table holding its vectors.</param>
/// <param name="State">Where it stands.</param>
/// <param name="CreatedAt">When its build was asked for.</param>
/// <param name="SwitchedAt">When it went live; null before.</param>
/// <param name="RetiredAt">When it was retired; null before.</param>
/// <param name="RowsTotal">Rows the build found to embed; null before it counted.</param>
/// <param name="RowsDone">Rows embedded and written so far.</param>
/// <param name="Error">Why the build failed, when it did.</param>
public sealed record EmbeddingVersion(
    int Version,
    string Provider,
    string Model,
    int Dimensions,
    string Table,
    EmbeddingVersionState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SwitchedAt,
    DateTimeOffset? RetiredAt,
    long? RowsTotal,
    long RowsDone,
    string? Error);

/// <summary>Where an embedding version stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EmbeddingVersionState>))]
public enum EmbeddingVersionState
{
    /// <summary>Being built by a Worker.</summary>
    Building,

    /// <summary>What queries use.</summary>
    Live,

    /// <summary>Replaced; kept a while for queries that started on it.</summary>
    Retiring,

    /// <summary>Dropped.</summary>
    Retired,

    /// <summary>Its build failed; the live version was not touched.</summary>
    Failed,
}
