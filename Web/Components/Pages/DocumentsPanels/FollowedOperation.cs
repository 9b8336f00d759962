using RedisAspire.Contracts;

namespace RedisAspire.Web.Components.Pages.DocumentsPanels;

/// <summary>An ingestion operation the Documents page follows: what started it, and what the Api last said of it.</summary>
/// <param name="Id">The operation's id.</param>
/// <param name="Started">What started it, in words: "Write 'menu' (harbor)".</param>
/// <param name="StartedAt">When the page started following it.</param>
/// <param name="DocumentId">The one document it writes or removes, when it is one; the page can then find it.</param>
/// <param name="Tenant">That document's tenant.</param>
public sealed class FollowedOperation(string id, string started, DateTimeOffset startedAt, string? documentId = null, string? tenant = null)
{
    public string Id { get; } = id;

    public string Started { get; } = started;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public string? DocumentId { get; } = documentId;

    public string? Tenant { get; } = tenant;

    /// <summary>The Api's last answer; null until it has given one.</summary>
    public OperationResponse? Status { get; set; }

    /// <summary>Whether the Api no longer keeps it (or never did).</summary>
    public bool Gone { get; set; }

    /// <summary>Whether it has reached an end state: every message done or failed for good, or no longer kept.</summary>
    public bool Settled => Gone || Status?.State is OperationState.Completed or OperationState.Failed or OperationState.PartiallyFailed;

    /// <summary>Starts following it again, after one of its dead letters went back on the queue.</summary>
    public void Reopen()
    {
        Gone = false;
        if (Status is { } status)
        {
            Status = status with { State = OperationState.Running };
        }
    }
}
