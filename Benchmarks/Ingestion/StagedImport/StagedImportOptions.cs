namespace RedisAspire.Benchmarks.Ingestion;

/// <summary>How a <see cref="StagedImport"/> bounds its work.</summary>
internal sealed record StagedImportOptions
{
    /// <summary>
    /// The most documents an import holds at once, from being read to being written (default 256): reading waits while
    /// this many are in the pipeline, so memory stays bounded whatever the source's size.
    /// </summary>
    public int MaxDocumentsInFlight { get; init; } = 256;

    /// <summary>How many documents may wait between two stages (default 64); a full channel makes the stage before it wait.</summary>
    public int ChannelCapacity { get; init; } = 64;

    /// <summary>These options, once both bounds are known to be at least one.</summary>
    public StagedImportOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDocumentsInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ChannelCapacity, 1);
        return this;
    }
}
