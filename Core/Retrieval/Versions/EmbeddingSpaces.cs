using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The live embedding version of this process, kept current: it is read at start-up, again when a switch is announced
/// on Redis pub/sub, and every <see cref="RetrievalOptions.VersionCheckInterval"/> in case an announcement was missed
/// (pub/sub does not replay). Work that fails because its version was switched away is run again on the new one.
/// </summary>
public sealed partial class EmbeddingSpaces(
    EmbeddingVersionStore store,
    NpgsqlDataSource dataSource,
    VectorHotTier hotTier,
    EmbeddingGenerators generators,
    IConnectionMultiplexer redis,
    RedisAskCounter asks,
    IResultCache cache,
    RetrievalTelemetry telemetry,
    IOptions<RetrievalOptions> retrieval,
    IOptions<HotSetOptions> hotSet,
    ILoggerFactory loggers) : BackgroundService
{
    /// <summary>The channel a switch of the live version is announced on; the message is the new version's number.</summary>
    public static readonly RedisChannel SwitchChannel = RedisChannel.Literal("embedding-versions:switched");

    private readonly ILogger logger = loggers.CreateLogger<EmbeddingSpaces>();
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private EmbeddingSpace? live;

    /// <summary>The live version's space; available once the host has started.</summary>
    public EmbeddingSpace Live => Volatile.Read(ref live) ?? throw new InvalidOperationException("The embedding versions are not read yet.");

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await redis.GetSubscriber().SubscribeAsync(SwitchChannel, (_, _) => _ = RefreshQuietlyAsync()).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

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

            var opened = await OpenAsync(version, cancellationToken).ConfigureAwait(false);
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
            if (!await SwitchedAwayFromAsync(space, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            LogRetried(logger, space.Version.Number, Live.Version.Number);
        }

        return await work(Live, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The space of <paramref name="version"/>, built or live: its model's generator (built from the configuration
    /// when it is not the configured model) and its index created when missing.
    /// </summary>
    /// <exception cref="ArgumentException">The version's model cannot be built from this configuration.</exception>
    public async Task<EmbeddingSpace> OpenAsync(EmbeddingVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var embeddings = generators.Cached(version.Model);
        var hot = hotTier.Open(version.Number, version.Dimensions);
        await hot.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var cold = new PostgresColdTier(dataSource, hot.Schema, version.Table);
        var retriever = new TwoTierRetriever(hot, cold, asks, retrieval, telemetry, loggers.CreateLogger<TwoTierRetriever>());
        var results = new SearchResultCache(retriever, cache, asks, hot.Schema.Name, retrieval);
        var refresher = new HotSetRefresher(hot, cold, asks, redis, results, hotSet, loggers.CreateLogger<HotSetRefresher>());
        return new EmbeddingSpace(version, embeddings, cold, hot, retriever, results, refresher);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(retrieval.Value.VersionCheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await RefreshQuietlyAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        refreshing.Dispose();
        base.Dispose();
    }

    private async Task<bool> SwitchedAwayFromAsync(EmbeddingSpace space, CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return Live.Version.Number != space.Version.Number;
    }

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or RedisException or InvalidOperationException or TimeoutException)
        {
            // The current space stays in use; the next announcement or check tries again.
            LogRefreshFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding version {Version} is live: {Model}, {Dimensions} dimensions, table {Table}, hot index {Index}")]
    private static partial void LogLive(ILogger logger, int version, string model, int dimensions, string table, string index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding version {Old} was switched away during a request; it ran again on version {New}")]
    private static partial void LogRetried(ILogger logger, int old, int @new);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read which embedding version is live; the current one stays in use")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
