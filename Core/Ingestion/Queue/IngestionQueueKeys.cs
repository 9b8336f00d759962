using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>
/// The Redis names of the ingestion queue, built here and nowhere else. All share the hash tag <c>{prefix}</c>, so
/// they live in one slot on Redis Cluster and a script may touch the stream, the dead letters and operations together.
/// </summary>
public sealed class IngestionQueueKeys(string prefix)
{
    /// <summary>The interactive lane's work stream: <c>{prefix}:stream</c>.</summary>
    public RedisKey Stream { get; } = $"{{{prefix}}}:stream";

    /// <summary>The bulk lane's work stream: <c>{prefix}:bulk</c>.</summary>
    public RedisKey BulkStream { get; } = $"{{{prefix}}}:bulk";

    /// <summary>The dead-letter stream: <c>{prefix}:dead</c>.</summary>
    public RedisKey DeadLetters { get; } = $"{{{prefix}}}:dead";

    /// <summary>The hash of totals and per-second counts the consumers keep: <c>{prefix}:stats</c>.</summary>
    public RedisKey Statistics { get; } = $"{{{prefix}}}:stats";

    /// <summary>The channel an enqueue publishes on, so idle consumers read at once instead of at their next poll.</summary>
    public RedisChannel Wake { get; } = RedisChannel.Literal($"{{{prefix}}}:wake");

    /// <summary>Set by the first Worker that queues the sample corpus into an empty database: <c>{prefix}:sample-corpus</c>.</summary>
    public RedisKey SampleCorpusMarker { get; } = $"{{{prefix}}}:sample-corpus";

    /// <summary>The work stream of <paramref name="lane"/>.</summary>
    public RedisKey StreamOf(IngestionLane lane) => lane == IngestionLane.Bulk ? BulkStream : Stream;

    /// <summary>The newest operations' ids, in the order they were enqueued (scored by enqueue time in ms): <c>{prefix}:ops</c>.</summary>
    public RedisKey RecentOperations { get; } = $"{{{prefix}}}:ops";

    /// <summary>An operation's status hash: <c>{prefix}:op:ID</c>.</summary>
    public RedisKey Operation(string operationId) => $"{{{prefix}}}:op:{operationId}";
}
