using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>Settings of the ingestion work queue on a Redis Stream (configuration section <c>Ingestion:Queue</c>).</summary>
public sealed class IngestionQueueOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ingestion:Queue";

    /// <summary>
    /// <c>Ingestion:Queue:KeyPrefix</c>: the hash tag every key of the queue shares (<c>{ingest}:stream</c>,
    /// <c>{ingest}:dead</c>, <c>{ingest}:op:ID</c>, ...), so that the scripts touching several of them run on Redis
    /// Cluster and Azure Managed Redis, where a script's keys must share a slot.
    /// </summary>
    [Required(ErrorMessage = "Ingestion:Queue:KeyPrefix is required.")]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$", ErrorMessage = "Ingestion:Queue:KeyPrefix must be 1 to 64 letters, digits, '_', '.', ':' or '-'.")]
    public string KeyPrefix { get; set; } = "ingest";

    /// <summary><c>Ingestion:Queue:Group</c>: the consumer group the Workers read the stream as.</summary>
    [Required(ErrorMessage = "Ingestion:Queue:Group is required.")]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$", ErrorMessage = "Ingestion:Queue:Group must be 1 to 64 letters, digits, '_', '.', ':' or '-'.")]
    public string Group { get; set; } = "ingest-workers";

    /// <summary>
    /// <c>Ingestion:Queue:ConsumerName</c>: this process's name in the group; unset: the machine name and process id,
    /// so a restarted Worker never takes over a dead one's name (its entries are reclaimed after <see cref="ClaimIdle"/>).
    /// </summary>
    [RegularExpression("^[A-Za-z0-9_.:-]{1,128}$", ErrorMessage = "Ingestion:Queue:ConsumerName must be 1 to 128 letters, digits, '_', '.', ':' or '-'.")]
    public string? ConsumerName { get; set; }

    /// <summary>
    /// <c>Ingestion:Queue:MaxLength</c>: the most entries each lane's stream holds (entries are deleted once acknowledged, so
    /// this bounds the work waiting or in progress). An enqueue that would go past it is refused with
    /// <see cref="IngestionQueueFullException"/> rather than trimming work already accepted; every <c>XADD</c> also
    /// carries <c>MAXLEN ~</c> as a memory cap.
    /// </summary>
    [Range(1, 100_000_000, ErrorMessage = "Ingestion:Queue:MaxLength must be between {1} and {2}.")]
    public int MaxLength { get; set; } = 100_000;

    /// <summary>
    /// <c>Ingestion:Queue:DeadLetterMaxLength</c>: the most entries the dead-letter stream keeps (<c>MAXLEN ~</c>);
    /// the oldest go first. Their operations keep counting them as failed.
    /// </summary>
    [Range(1, 10_000_000, ErrorMessage = "Ingestion:Queue:DeadLetterMaxLength must be between {1} and {2}.")]
    public int DeadLetterMaxLength { get; set; } = 10_000;

    /// <summary><c>Ingestion:Queue:MaxDeliveries</c>: how many times a message is handed to a handler before it goes to the dead-letter stream.</summary>
    [Range(1, 100, ErrorMessage = "Ingestion:Queue:MaxDeliveries must be between {1} and {2}.")]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>
    /// <c>Ingestion:Queue:ClaimIdle</c>: how long an entry may stay delivered but unacknowledged before any consumer
    /// takes it over (<c>XAUTOCLAIM</c>): the time after which a crashed Worker's work is redone, and the wait before a
    /// failed message is retried. Must be longer than the slowest batch, or a slow batch is also handled elsewhere.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Ingestion:Queue:ClaimIdle must be between {1} and {2}.")]
    public TimeSpan ClaimIdle { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary><c>Ingestion:Queue:BatchSize</c>: the most messages read (and handed to the handler) at once.</summary>
    [Range(1, 10_000, ErrorMessage = "Ingestion:Queue:BatchSize must be between {1} and {2}.")]
    public int BatchSize { get; set; } = 64;

    /// <summary>
    /// <c>Ingestion:Queue:MaxDocumentsInFlight</c>: the most messages a consumer holds in memory; each read asks for
    /// no more than this (and no more than <see cref="BatchSize"/>), reclaimed entries included.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Ingestion:Queue:MaxDocumentsInFlight must be between {1} and {2}.")]
    public int MaxDocumentsInFlight { get; set; } = 256;

    /// <summary>
    /// <c>Ingestion:Queue:IdleWait</c>: how long a consumer that found nothing waits before reading again; an enqueue
    /// wakes it at once over pub/sub. The read itself never blocks (no <c>XREADGROUP BLOCK</c>): on a multiplexed
    /// connection a blocked read would hold up every other command of the process.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Ingestion:Queue:IdleWait must be between {1} and {2}.")]
    public TimeSpan IdleWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <c>Ingestion:Queue:IdleConsumerTimeout</c>: how long a consumer that holds no entry may go without reading before
    /// the others remove it from the group. A stopped Worker's name would otherwise stay listed for ever (each start
    /// has a new one); a live consumer reads every <see cref="IdleWait"/>, and one removed by mistake is added again
    /// by its next read. A consumer holding entries is never removed: its entries are reclaimed after <see cref="ClaimIdle"/> first.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "30.00:00:00", ErrorMessage = "Ingestion:Queue:IdleConsumerTimeout must be between {1} and {2}.")]
    public TimeSpan IdleConsumerTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>Ingestion:Queue:OperationTimeToLive</c>: how long an operation's status stays readable after its last change.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Ingestion:Queue:OperationTimeToLive must be between {1} and {2}.")]
    public TimeSpan OperationTimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// <c>Ingestion:Queue:RecentOperations</c>: how many of the newest operations <c>GET /operations</c> can list
    /// (an index of ids, trimmed at each enqueue); each stays listed only while its status is readable.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Ingestion:Queue:RecentOperations must be between {1} and {2}.")]
    public int RecentOperations { get; set; } = 1_000;

    /// <summary><c>Ingestion:Queue:MaxBatchDocuments</c>: the most documents one enqueue (one operation) may carry.</summary>
    [Range(1, 100_000, ErrorMessage = "Ingestion:Queue:MaxBatchDocuments must be between {1} and {2}.")]
    public int MaxBatchDocuments { get; set; } = 1_000;

    /// <summary>
    /// <c>Ingestion:Queue:MaxEntryBytes</c>: the largest serialized message accepted (UTF-8 bytes). The default takes
    /// the largest valid <see cref="SourceDocument"/> body of any script, with room for its metadata.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "Ingestion:Queue:MaxEntryBytes must be between {1} and {2}.")]
    public int MaxEntryBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// <c>Ingestion:Queue:MaxBatchBytes</c>: the largest serialized batch accepted: a batch goes to Redis as one
    /// script call, which holds the server while it runs.
    /// </summary>
    [Range(1024, 256 * 1024 * 1024, ErrorMessage = "Ingestion:Queue:MaxBatchBytes must be between {1} and {2}.")]
    public int MaxBatchBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// <c>Ingestion:Queue:InteractiveMaxDocuments</c>: a batch of at most this many messages
    /// (<see cref="IngestionQueue.EnqueueBatchAsync"/>) goes on the interactive lane, a larger one on the bulk lane,
    /// so that one large request cannot hold up other people's edits.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Ingestion:Queue:InteractiveMaxDocuments must be between {1} and {2}.")]
    public int InteractiveMaxDocuments { get; set; } = 16;

    /// <summary>The consumer name used when <see cref="ConsumerName"/> is unset: machine name and process id.</summary>
    public string EffectiveConsumerName => ConsumerName ?? $"{Environment.MachineName}-{Environment.ProcessId}";
}
