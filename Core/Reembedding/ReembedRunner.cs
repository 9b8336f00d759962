using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

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
public sealed partial class ReembedRunner(
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
            if (!(bool)(await ScalarAsync(session, null, ReembedSql.TryLock, cancellationToken).ConfigureAwait(false))!)
            {
                return null;
            }

            try
            {
                return await BuildAsync(building, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await ScalarAsync(session, null, ReembedSql.Unlock, CancellationToken.None).ConfigureAwait(false);
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
            var copy = new Copy(live.Version.Table, target, generator, options.Value.BatchSize);
            var (rows, done) = await PrepareAsync(copy, version, cancellationToken).ConfigureAwait(false);
            LogStarted(logger, version.Number, version.Model.ToString(), rows, done, live.Version.Number);

            // Passes catch up with writers until what is left is small enough to copy with writes held back, or
            // until writers have had a fair chance to slow down: the last pass copies whatever is left.
            long copied;
            var passes = 0;
            do
            {
                copied = await CopyPassAsync(copy, null, null, hot: null, progress: done, rows, cancellationToken).ConfigureAwait(false);
                done += copied;
            }
            while (copied > options.Value.CatchUpRows && ++passes < MaxCatchUpPasses);

            await IndexAsync(copy, cancellationToken).ConfigureAwait(false);
            await target.HotSet.RefreshAsync(cancellationToken).ConfigureAwait(false);
            await SwitchAsync(copy, live.Version, version, done, rows, cancellationToken).ConfigureAwait(false);

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
    /// Creates the new table when it does not exist yet; refuses rows with no text. Returns how many rows the live table
    /// has, and how many the new one holds already (a build taken over from a Worker that stopped).
    /// </summary>
    private async Task<(long Rows, long Done)> PrepareAsync(Copy copy, EmbeddingVersion version, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (!(bool)(await ScalarAsync(connection, null, ReembedSql.TableExists(copy.Building), cancellationToken).ConfigureAwait(false))!)
            {
                await ExecuteAsync(connection, null, ReembedSql.CreateTable(copy.Live, copy.Building, version.Dimensions), cancellationToken).ConfigureAwait(false);
            }

            var command = new NpgsqlCommand(ReembedSql.CountRows(copy.Live, copy.Building), connection);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    var (rows, textless, done) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
                    if (textless > 0)
                    {
                        throw new InvalidOperationException(
                            $"{textless:N0} rows of {copy.Live} carry no text (their vectors were supplied by callers), so no model can embed them again. " +
                            "Send those documents again with their text, or delete them, then re-embed.");
                    }

                    await store.ProgressAsync(version.Number, rows, done, cancellationToken).ConfigureAwait(false);
                    return (rows, done);
                }
            }
        }
    }

    /// <summary>
    /// One pass: removes the rows the live table no longer has, then embeds and writes, in batches, the rows the new
    /// table lacks or holds differently. With <paramref name="hot"/>, the new hot index follows for the rows it holds.
    /// Returns how many rows were removed or written.
    /// </summary>
    private async Task<long> CopyPassAsync(
        Copy copy, NpgsqlConnection? shared, NpgsqlTransaction? transaction, IVectorIndex? hot, long progress, long total, CancellationToken cancellationToken)
    {
        var connection = shared ?? await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var gone = await ReadIdsAsync(connection, transaction, ReembedSql.DeleteGone(copy.Live, copy.Building), cancellationToken).ConfigureAwait(false);
            if (hot is not null)
            {
                foreach (var id in gone)
                {
                    await hot.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
                }
            }

            long changed = gone.Count;
            var after = string.Empty;
            while (true)
            {
                var rows = await ReadDifferencesAsync(connection, transaction, copy, after, cancellationToken).ConfigureAwait(false);
                if (rows.Count == 0)
                {
                    return changed;
                }

                // Normalised as the embedding cache normalises what writers embed, so both give one text the same vector.
                var embedded = await copy.Generator.GenerateAsync(
                    rows.Select(row => EmbeddingCacheKey.Normalize(EmbeddedText.Of(row.Title, row.Body!))), cancellationToken: cancellationToken).ConfigureAwait(false);
                var documents = rows.Select((row, index) => row with { EmbeddingModel = copy.Target.Version.Model.Name, Vector = embedded[index].Vector.ToArray() }).ToList();
                await WriteAsync(connection, transaction, copy.Building, documents, cancellationToken).ConfigureAwait(false);
                if (hot is not null)
                {
                    var held = await hot.ContainsAsync([.. documents.Select(document => document.Id)], cancellationToken).ConfigureAwait(false);
                    foreach (var document in documents.Where(document => held.Contains(document.Id)))
                    {
                        await hot.UpsertAsync(document.ToVectorDocument(hot.Schema), cancellationToken).ConfigureAwait(false);
                    }
                }

                changed += rows.Count;
                after = rows[^1].Id;

                // Not inside the switch: its transaction holds the ledger row this would update.
                if (transaction is null)
                {
                    await store.ProgressAsync(copy.Target.Version.Number, total: null, progress + changed, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (shared is null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The new table's HNSW, filter and document indexes, built once it is filled (faster than row by row).</summary>
    private async Task IndexAsync(Copy copy, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, null, ColdTierMigrations.CreateVectorIndex(copy.Building, copy.Target.Cold.Schema), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, ColdTierMigrations.FilterIndexes(copy.Building), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, ColdTierMigrations.DocumentIdIndex(copy.Building), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The switch, in one transaction: the ledger's rows locked (waiting for writes in flight, holding back new ones),
    /// the last pass, the new version made live.
    /// </summary>
    private async Task SwitchAsync(Copy copy, EmbeddingVersion live, EmbeddingVersion building, long done, long total, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var locked = await EmbeddingVersionStore.ReadAsync(
                    new NpgsqlCommand(EmbeddingVersionSql.LockForSwitch, connection, transaction), cancellationToken).ConfigureAwait(false);
                if (!locked.Any(row => row.Number == live.Number && row.State == EmbeddingVersionState.Live)
                    || !locked.Any(row => row.Number == building.Number && row.State == EmbeddingVersionState.Building))
                {
                    throw new InvalidOperationException(
                        $"Version {live.Number} is no longer live or version {building.Number} no longer building; the switch is abandoned.");
                }

                await CopyPassAsync(copy, connection, transaction, copy.Target.Hot, done, total, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, EmbeddingVersionSql.RetireLive, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, EmbeddingVersionSql.MakeLive, cancellationToken, EmbeddingVersionStore.Integer(building.Number)).ConfigureAwait(false);
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
            await ExecuteAsync(connection, null, ReembedSql.DropTable(version.Table), cancellationToken).ConfigureAwait(false);
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

    private static async Task<List<ColdDocument>> ReadDifferencesAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Copy copy, string after, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(ReembedSql.Differences(copy.Live, copy.Building), connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = after, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = copy.BatchSize, NpgsqlDbType = NpgsqlDbType.Integer });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<ColdDocument>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(new ColdDocument
                    {
                        Id = reader.GetString(0),
                        Tenant = reader.GetString(1),
                        Language = reader.IsDBNull(2) ? null : reader.GetString(2),
                        Title = reader.IsDBNull(3) ? null : reader.GetString(3),
                        Body = reader.GetString(4),
                        Metadata = reader.GetString(5),
                        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(6),
                        ContentHash = reader.GetString(7),
                        DocumentId = reader.IsDBNull(8) ? null : reader.GetString(8),
                        EmbeddingModel = string.Empty,
                        Vector = [],
                    });
                }

                return rows;
            }
        }
    }

    private static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string table, List<ColdDocument> documents, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            foreach (var document in documents)
            {
                ColdTierSql.UpsertCommand(table, document).AddTo(batch);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<string>> ReadIdsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var ids = new List<string>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    ids.Add(reader.GetString(0));
                }

                return ids;
            }
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddRange(parameters);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What one build copies: from the live table into the new version's, with its model.</summary>
    private sealed record Copy(string Live, EmbeddingSpace Target, IEmbeddingGenerator<string, Embedding<float>> Generator, int BatchSize)
    {
        public string Building => Target.Version.Table;
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
