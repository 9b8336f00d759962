namespace RedisAspire.Core.Retrieval;

/// <summary>A re-embedding was asked for while another one runs: one build at a time, on every replica.</summary>
public sealed class ReembedConflictException(EmbeddingVersion? running) : InvalidOperationException(
    running is null
        ? "A re-embedding is already running."
        : $"A re-embedding is already running: version {running.Number} ({running.Model}), {running.RowsDone:N0} of {(running.RowsTotal is { } total ? total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "?")} rows done. Wait for it to finish (GET /reembed).")
{
    /// <summary>The build that runs.</summary>
    public EmbeddingVersion? Running { get; } = running;
}
