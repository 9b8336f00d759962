using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Reembedding;

/// <summary>The configuration section <c>Reembed</c>: how documents are embedded again when the model changes.</summary>
public sealed class ReembedOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Reembed";

    /// <summary>
    /// <c>Reembed:OnModelChange</c>: whether the Worker starts a re-embedding by itself when the configured model is not
    /// the live one (default true); otherwise it waits for <c>POST /reembed</c>.
    /// </summary>
    public bool OnModelChange { get; set; } = true;

    /// <summary><c>Reembed:BatchSize</c>: rows embedded and written per round (default 128).</summary>
    [Range(1, 4096, ErrorMessage = "Reembed:BatchSize must be between {1} and {2}.")]
    public int BatchSize { get; set; } = 128;

    /// <summary>
    /// <c>Reembed:CatchUpRows</c>: the copy repeats while a pass finds more than this many rows changed by writers
    /// meanwhile (default 256); the last pass runs with writes held back, so it should be short.
    /// </summary>
    [Range(0, 1_000_000, ErrorMessage = "Reembed:CatchUpRows must be between {1} and {2}.")]
    public int CatchUpRows { get; set; } = 256;

    /// <summary>
    /// <c>Reembed:RetireAfter</c>: how long the replaced version's table and index stay after the switch, for queries
    /// that started on it (default 1 minute; keep it well above <c>Retrieval:VersionCheckInterval</c>).
    /// </summary>
    public TimeSpan RetireAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Reembed:PollInterval</c>: how often the Worker looks for a requested re-embedding it was not told about (default 5 seconds).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
