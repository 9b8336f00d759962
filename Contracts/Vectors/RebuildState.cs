using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>Where a rebuild or a hot-set refresh stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RebuildState>))]
public enum RebuildState
{
    /// <summary>Copying documents into the new version.</summary>
    Running,

    /// <summary>The new version was swapped in.</summary>
    Completed,

    /// <summary>It stopped; the old version stayed live.</summary>
    Failed,
}
