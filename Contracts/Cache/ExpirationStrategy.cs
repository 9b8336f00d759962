using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>How a cache entry expires.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExpirationStrategy>))]
public enum ExpirationStrategy
{
    /// <summary>A fixed lifetime from when it was stored.</summary>
    Fixed,

    /// <summary>A window renewed by every read.</summary>
    Sliding,

    /// <summary>Until invalidated (with an optional safety lifetime).</summary>
    Invalidation,
}
