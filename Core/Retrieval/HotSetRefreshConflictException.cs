namespace RedisAspire.Core.Retrieval;

/// <summary>A hot-set refresh was asked for while another runs (on any replica).</summary>
public sealed class HotSetRefreshConflictException : InvalidOperationException
{
    public HotSetRefreshConflictException()
        : base("A hot-set refresh is already running; wait for it to finish (GET /hotset shows its progress).")
    {
    }

    public HotSetRefreshConflictException(string message)
        : base(message)
    {
    }

    public HotSetRefreshConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
