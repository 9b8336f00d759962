using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>An ingestion operation's status, as every replica sees it (<c>GET /operations/{id}</c>).</summary>
/// <param name="Id">The operation id the enqueue returned.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Total">How many messages it carries.</param>
/// <param name="Done">How many succeeded.</param>
/// <param name="Failed">How many failed for good (dead-lettered).</param>
/// <param name="CreatedAt">When it was enqueued.</param>
/// <param name="UpdatedAt">When its status last changed.</param>
/// <param name="LastError">The last failure of any of its messages, retried or not; null when none failed.</param>
/// <param name="Tenants">The tenants whose documents it writes or removes.</param>
public sealed record OperationResponse(
    string Id,
    OperationState State,
    int Total,
    int Done,
    int Failed,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? LastError,
    IReadOnlyList<string> Tenants);

/// <summary>Where an ingestion operation stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OperationState>))]
public enum OperationState
{
    /// <summary>On the queue; no Worker has picked up any of its messages yet.</summary>
    Queued,

    /// <summary>Some messages are being handled, or waiting for a retry.</summary>
    Running,

    /// <summary>Every message succeeded.</summary>
    Completed,

    /// <summary>Every message failed for good (they are dead letters).</summary>
    Failed,

    /// <summary>Every message is settled, some succeeded and some failed for good.</summary>
    PartiallyFailed,
}
