using Microsoft.Extensions.Logging;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The live embedding version's space, for work that needs one: <see cref="Live"/> as last read, read again by
/// <see cref="RefreshAsync"/> (which <see cref="EmbeddingVersionFollower"/> calls at start-up and on every switch);
/// <see cref="RunAsync{T}"/> runs work again on the new version when a switch made it fail.
/// </summary>
public sealed partial class EmbeddingSpaces : IDisposable
{
    private readonly EmbeddingVersionStore store;
    private readonly EmbeddingSpaceFactory factory;
    private readonly ILogger<EmbeddingSpaces> logger;

    internal EmbeddingSpaces(
        EmbeddingVersionStore store,
        EmbeddingSpaceFactory factory,
        ILogger<EmbeddingSpaces> logger)
    {
        this.store = store;
        this.factory = factory;
        this.logger = logger;
    }

    private readonly SemaphoreSlim refreshing = new(1, 1);
    private EmbeddingSpace? live;

    /// <summary>The live version's space; available once the host has started.</summary>
    public EmbeddingSpace Live => Volatile.Read(ref live) ?? throw new InvalidOperationException("The embedding versions are not read yet.");

    /// <summary>
    /// Reads which version is live and, when it is not this process's, opens it and makes it <see cref="Live"/>.
    /// Returns whether the live version changed.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var version = await store.ReadLiveAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("No embedding version is live: the cold tier's migrations have not recorded one.");
            var current = Volatile.Read(ref live);
            if (current?.Version.Number == version.Number)
            {
                return false;
            }

            var opened = await factory.OpenAsync(version, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref live, opened);
            LogLive(logger, version.Number, version.Model.ToString(), version.Dimensions, version.Table, opened.Hot.Schema.Name);
            return current is not null;
        }
        finally
        {
            refreshing.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the live space; when it fails and meanwhile another version went live (its
    /// table or index dropped under it, or its writes refused), runs it once more on the new one.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<EmbeddingSpace, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var space = Live;
        try
        {
            return await work(space, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (ArgumentException or OperationCanceledException))
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (Live.Version.Number == space.Version.Number)
            {
                throw;
            }

            LogRetried(logger, space.Version.Number, Live.Version.Number);
        }

        return await work(Live, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => refreshing.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding version {Version} is live: {Model}, {Dimensions} dimensions, table {Table}, hot index {Index}")]
    private static partial void LogLive(ILogger logger, int version, string model, int dimensions, string table, string index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding version {Old} was switched away during a request; it ran again on version {New}")]
    private static partial void LogRetried(ILogger logger, int old, int @new);
}
