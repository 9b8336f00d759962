using System.Text.Json.Serialization;

namespace RedisAspire.Core.Connections;

/// <summary>How a service authenticates to a server.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServerAuthentication>))]
public enum ServerAuthentication
{
    /// <summary>No credential: a local server.</summary>
    None,

    /// <summary>A password or access key from the connection string.</summary>
    Key,

    /// <summary>An Entra ID token, renewed before it expires.</summary>
    EntraId,
}
