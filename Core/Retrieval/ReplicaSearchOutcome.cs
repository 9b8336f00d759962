namespace RedisAspire.Core.Retrieval;

/// <summary>Which server answered a cold-tier search when a read replica is configured, and why.</summary>
public enum ReplicaSearchOutcome
{
    /// <summary>The replica answered.</summary>
    Replica,

    /// <summary>The replica had not replayed a write whose invalidation of the search's cached results already ran: the primary answered.</summary>
    Behind,

    /// <summary>The replica failed (unreachable, or the query was cancelled by replay): the primary answered.</summary>
    Failed,
}
