using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;
using static RedisAspire.Core.Retrieval.PostgresCommands;

namespace RedisAspire.Core.Reembedding;

/// <summary>
/// Embeds every document again with another model without stopping queries or writes: a new version is built beside
/// the live one (its own PostgreSQL table and hot index), then made live in one transaction, then the old one dropped
/// once queries that started on it are done.
/// </summary>
/// <remarks>
/// <para>
/// The copy runs in passes: each embeds the rows the new table lacks or holds with other text or fields, and removes
/// those the live table no longer has. Writers keep writing the live version meanwhile; each pass catches up with what
/// they changed. The last pass runs inside the switch's transaction, which holds the versions' ledger rows: every
/// write to a cold-tier table holds its row for share, so the switch waits for writes in flight, and writes that come
/// after it find their version retired and are made again on the new one. Nothing written is lost, and queries see the
/// whole old version, then the whole new one.
/// </para>
/// <para>
/// A build is resumable: a Worker that dies mid-way releases its lock with its session, and the next one continues
/// from what the new table already holds. A build that fails is recorded as failed with its error, and its table and
/// index dropped; the live version is never touched.
/// </para>
/// </remarks>
public sealed partial class ReembedRunner
{
    private readonly NpgsqlDataSource dataSource;
    private readonly EmbeddingVersionStore store;
    private readonly EmbeddingSpaces spaces;
    private readonly EmbeddingSpaceFactory factory;
    private readonly EmbeddingGenerators generators;
    private readonly VectorHotTier hotTier;
    private readonly IConnectionMultiplexer redis;
    private readonly IOptions<ReembedOptions> options;
    private readonly ILogger<ReembedRunner> logger;
    private readonly TimeProvider time;

    internal ReembedRunner(
        NpgsqlDataSource dataSource,
        EmbeddingVersionStore store,
        EmbeddingSpaces spaces,
        EmbeddingSpaceFactory factory,
        EmbeddingGenerators generators,
        VectorHotTier hotTier,
        IConnectionMultiplexer redis,
        IOptions<ReembedOptions> options,
        ILogger<ReembedRunner> logger,
        TimeProvider time)
    {
        this.dataSource = dataSource;
        this.store = store;
        this.spaces = spaces;
        this.factory = factory;
        this.generators = generators;
        this.hotTier = hotTier;
        this.redis = redis;
        this.options = options;
        this.logger = logger;
        this.time = time;
    }

    /// <summary>The channel a requested build is announced on, so a Worker starts it at once; the message is its number.</summary>
    public static readonly RedisChannel RequestChannel = RedisChannel.Literal("embedding-versions:requested");

    /// <summary>Passes before the switch at most, however busy writers are.</summary>
    private const int MaxCatchUpPasses = 8;

    /// <summary>
    /// Records a build of a new version embedded with <paramref name="target"/>, for a Worker to run. Refused when the
    /// live version already uses that model (unless <paramref name="force"/>) and while another build is recorded.
    /// </summary>
    /// <exception cref="ArgumentException">The model cannot be built from this configuration.</exception>
    /// <exception cref="ReembedNotNeededException">The live version embeds with <paramref name="target"/> and force is off.</exception>
    /// <exception cref="ReembedConflictException">Another build is recorded.</exception>
    public async Task<EmbeddingVersion> RequestAsync(EmbeddingModel target, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var generator = generators.Uncached(target);
        await spaces.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var live = spaces.Live.Version;
        if (live.Model == target && !force)
        {
            throw new ReembedNotNeededException(live);
        }

        var dimensions = await DimensionsAsync(generator, cancellationToken).ConfigureAwait(false);
        var version = await store.StartBuildAsync(target, dimensions, cancellationToken).ConfigureAwait(false);
        await redis.GetSubscriber().PublishAsync(RequestChannel, version.Number).ConfigureAwait(false);
        LogRequested(logger, version.Number, target.ToString(), dimensions);
        return version;
    }

    /// <summary>
    /// Runs the recorded build, if any and if no other process runs it, to its switch; drops retired versions whose
    /// time has come. Returns the version built, or null when there was nothing to do here.
    /// </summary>
    public async Task<EmbeddingVersion?> RunPendingAsync(CancellationToken cancellationToken)
    {
        await RetireDueAsync(cancellationToken).ConfigureAwait(false);
        var building = (await store.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(version => version.State == EmbeddingVersionState.Building);
        if (building is null)
        {
            return null;
        }

        var session = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (!(bool)(await ScalarAsync(Command(session, null, ReembedSql.TryLock), cancellationToken).ConfigureAwait(false))!)
            {
                return null;
            }

            try
            {
                return await BuildAsync(building, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await ScalarAsync(Command(session, null, ReembedSql.Unlock), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Drops the tables and hot indexes of replaced versions once <see cref="ReembedOptions.RetireAfter"/> has passed since the switch.</summary>
    public async Task RetireDueAsync(CancellationToken cancellationToken)
    {
        var versions = await store.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var switchedAt = versions.SingleOrDefault(version => version.State == EmbeddingVersionState.Live)?.SwitchedAt;
        if (switchedAt is null || time.GetUtcNow() - switchedAt < options.Value.RetireAfter)
        {
            return;
        }

        foreach (var retiring in versions.Where(version => version.State == EmbeddingVersionState.Retiring))
        {
            await DropAsync(retiring, cancellationToken).ConfigureAwait(false);
            await store.RetireAsync(retiring.Number, cancellationToken).ConfigureAwait(false);
            LogRetired(logger, retiring.Number, retiring.Table);
        }
    }

    private async Task<EmbeddingVersion> BuildAsync(EmbeddingVersion version, CancellationToken cancellationToken)
    {
        await spaces.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var live = spaces.Live;
        var started = time.GetTimestamp();
        try
        {
            var target = await factory.OpenAsync(version, cancellationToken).ConfigureAwait(false);
            var generator = generators.Uncached(version.Model);
            var copy = new ReembedCopy(dataSource, store, live.Version.Table, target, generator, options.Value.BatchSize);
            var (rows, done) = await copy.PrepareAsync(cancellationToken).ConfigureAwait(false);
            LogStarted(logger, version.Number, version.Model.ToString(), rows, done, live.Version.Number);

            // Passes catch up with writers until what is left is small enough to copy with writes held back, or
            // until writers have had a fair chance to slow down: the last pass copies whatever is left.
            long copied;
            var passes = 0;
            do
            {
                copied = await copy.PassAsync(shared: null, transaction: null, hot: null, progress: done, rows, cancellationToken).ConfigureAwait(false);
                done += copied;
            }
            while (copied > options.Value.CatchUpRows && ++passes < MaxCatchUpPasses);

            await copy.IndexAsync(cancellationToken).ConfigureAwait(false);
            await target.HotSet.RefreshAsync(cancellationToken).ConfigureAwait(false);
            await SwitchAsync(copy, target.Hot, live.Version, version, done, rows, cancellationToken).ConfigureAwait(false);

            await redis.GetSubscriber().PublishAsync(EmbeddingVersionFollower.SwitchChannel, version.Number).ConfigureAwait(false);
            await spaces.RefreshAsync(cancellationToken).ConfigureAwait(false);
            await live.SearchResultCache.InvalidateAllAsync(cancellationToken).ConfigureAwait(false);
            LogSwitched(logger, version.Number, version.Model.ToString(), live.Version.Number, time.GetElapsedTime(started).TotalSeconds);
            return (await store.ReadAllAsync(cancellationToken).ConfigureAwait(false)).Single(row => row.Number == version.Number);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A stopped Worker leaves the build to the next one; any other failure ends it.
            LogFailed(logger, exception, version.Number);
            await store.FailAsync(version.Number, exception.Message, CancellationToken.None).ConfigureAwait(false);
            await DropAsync(version, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The switch, in one transaction: the ledger's rows locked (waiting for writes in flight, holding back new ones),
    /// the last pass, the new version made live.
    /// </summary>
    private async Task SwitchAsync(
        ReembedCopy copy, IVectorIndex hot, EmbeddingVersion live, EmbeddingVersion building, long done, long total, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var locked = await EmbeddingVersionStore.ReadAsync(
                    Command(connection, transaction, EmbeddingVersionSql.LockForSwitch), cancellationToken).ConfigureAwait(false);
                if (!locked.Any(row => row.Number == live.Number && row.State == EmbeddingVersionState.Live)
                    || !locked.Any(row => row.Number == building.Number && row.State == EmbeddingVersionState.Building))
                {
                    throw new InvalidOperationException(
                        $"Version {live.Number} is no longer live or version {building.Number} no longer building; the switch is abandoned.");
                }

                await copy.PassAsync(connection, transaction, hot, done, total, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(Command(connection, transaction, EmbeddingVersionSql.RetireLive), cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(Command(connection, transaction, EmbeddingVersionSql.MakeLive, Integer(building.Number)), cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Drops a version's table and hot index: a retired version, or a failed build.</summary>
    private async Task DropAsync(EmbeddingVersion version, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(Command(connection, null, ReembedSql.DropTable(version.Table)), cancellationToken).ConfigureAwait(false);
        }

        await hotTier.Open(version.Number, version.Dimensions).DropAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> DimensionsAsync(IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken)
    {
        if (generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions is { } dimensions)
        {
            return dimensions;
        }

        // A deployment that does not say: one embedding tells.
        var probe = await generator.GenerateAsync(["dimension probe"], cancellationToken: cancellationToken).ConfigureAwait(false);
        return probe[0].Vector.Length;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-embedding requested: version {Version} with {Model} ({Dimensions} dimensions)")]
    private static partial void LogRequested(ILogger logger, int version, string model, int dimensions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-embedding version {Version} with {Model}: {Rows} rows of version {Live} to embed, {Done} there already")]
    private static partial void LogStarted(ILogger logger, int version, string model, long rows, long done, int live);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding version {Version} ({Model}) is live in place of version {Old}, after {Seconds:0.0} s")]
    private static partial void LogSwitched(ILogger logger, int version, string model, int old, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedding version {Version} retired: table {Table} and its hot index dropped")]
    private static partial void LogRetired(ILogger logger, int version, string table);

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-embedding version {Version} failed; the live version is unchanged")]
    private static partial void LogFailed(ILogger logger, Exception exception, int version);
}
