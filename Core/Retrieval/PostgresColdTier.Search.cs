using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Core.Retrieval;

internal sealed partial class PostgresColdTier
{
    /// <summary>The K nearest documents that pass the filter, through the HNSW index: the cold tier's answer to a retrieval.</summary>
    public Task<VectorSearchResult> SearchAsync(KnnQuery query, CancellationToken cancellationToken) =>
        SearchAsync(query, exact: false, cancellationToken);

    /// <summary>
    /// The K nearest documents that pass the filter, closest first, with the same ids, distances, similarities and
    /// fields as the hot tier's hits. <paramref name="exact"/> searches without the HNSW index (a full scan), for
    /// recall checks and as the reference answer. With a read replica, the replica answers unless it fails or has not
    /// yet replayed a write whose invalidation of this search's cached results already ran; then the primary does.
    /// </summary>
    /// <remarks>The query's ReturnFields, SortByScore and Limit are not used, as in the hot tier: hits carry the stored fields (<see cref="VectorIndexSchema.StoredFields"/>), closest first, K of them.</remarks>
    public async Task<VectorSearchResult> SearchAsync(KnnQuery query, bool exact, CancellationToken cancellationToken)
    {
        VectorQueryLimits.Validate(Schema, query);
        var hits = replica is not null && await SearchReplicaAsync(replica, query, exact, cancellationToken).ConfigureAwait(false) is { } fromReplica
            ? fromReplica
            : (await SearchOnAsync(dataSource, query, exact, withReplayed: false, cancellationToken).ConfigureAwait(false)).Hits;
        return new VectorSearchResult(hits.Count, hits);
    }

    /// <summary>The replica's hits, or null when the primary must answer: the replica failed, or is behind an invalidation.</summary>
    private async Task<List<VectorHit>?> SearchReplicaAsync(ColdTierReplica replica, KnnQuery query, bool exact, CancellationToken cancellationToken)
    {
        List<VectorHit> hits;
        long? replayed;
        try
        {
            (hits, replayed) = await SearchOnAsync(replica.DataSource, query, exact, withReplayed: true, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogReplicaFailed(replica.Logger, exception, Table);
            replica.Telemetry.RecordReplicaSearch(ReplicaSearchOutcome.Failed);
            return null;
        }

        // Read after the search, not before: an invalidation that ran while the replica searched is caught too.
        long required;
        try
        {
            required = await replica.Freshness.RequiredAsync(query.Filter?.Tenant, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Without Redis the result cache stores nothing either: the answer is as old as the replica's lag, no older.
            LogPositionsUnread(replica.Logger, exception);
            required = 0;
        }

        if (replayed is { } position && position < required)
        {
            LogReplicaBehind(replica.Logger, Table, required - position);
            replica.Telemetry.RecordReplicaSearch(ReplicaSearchOutcome.Behind);
            return null;
        }

        replica.Telemetry.RecordReplicaSearch(ReplicaSearchOutcome.Replica);
        return hits;
    }

    /// <summary>
    /// The search on <paramref name="source"/>, in one round trip: the replayed WAL position first when asked for (so
    /// the search's snapshot is at least that new), the SET LOCALs, then the query, in the transaction that scopes them.
    /// </summary>
    private async Task<(List<VectorHit> Hits, long? Replayed)> SearchOnAsync(
        NpgsqlDataSource source, KnnQuery query, bool exact, bool withReplayed, CancellationToken cancellationToken)
    {
        var settings = ColdTierSql.SearchSettings(Schema, query, exact);
        var search = ColdTierSql.Search(Table, Schema, query);
        return await InTransactionAsync(
            source,
            async (connection, transaction) =>
            {
                var batch = new NpgsqlBatch(connection, transaction);
                await using (batch.ConfigureAwait(false))
                {
                    if (withReplayed)
                    {
                        batch.BatchCommands.Add(new NpgsqlBatchCommand(ReplicaFreshness.ReplayedPositionSql));
                    }

                    settings.AddTo(batch);
                    search.AddTo(batch);
                    var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        long? replayed = null;
                        if (withReplayed)
                        {
                            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                            replayed = reader.IsDBNull(0) ? null : reader.GetInt64(0);
                            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        }

                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        var found = new List<VectorHit>();
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            found.Add(ReadHit(reader));
                        }

                        return (found, replayed);
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A row of <see cref="ColdTierSql.Search"/>: id, distance, title, metadata, body, tenant, language, updated_at. Its
    /// fields are read as the hot tier's copy of the row is made (<see cref="ColdDocument.ToVectorDocument"/>) and written
    /// as every engine writes them (<see cref="HitFields"/>), so a hot and a cold hit on one document carry the same fields.
    /// </summary>
    private VectorHit ReadHit(NpgsqlDataReader reader)
    {
        var distance = ColdTierDistance.ToRediSearch(Schema.Metric, reader.GetDouble(1));
        using var metadata = JsonDocument.Parse(reader.GetString(3));
        var fields = HitFields.Of(
            Schema,
            ColdTierFields.Tags(Schema, reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), metadata.RootElement),
            ColdTierFields.Numbers(Schema, reader.GetFieldValue<DateTimeOffset>(7), metadata.RootElement),
            ColdTierFields.Texts(
                Schema,
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                metadata.RootElement));
        return new VectorHit(reader.GetString(0), distance, RediSearchReplies.Similarity(Schema.Metric, distance), fields);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The read replica failed a search of {Table}; the primary answered it")]
    private static partial void LogReplicaFailed(ILogger logger, Exception exception, string table);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The read replica is {Bytes} bytes of WAL behind a write whose cached results of {Table} were dropped; the primary answered the search")]
    private static partial void LogReplicaBehind(ILogger logger, string table, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The positions a replica's search must have reached could not be read from Redis; the replica's answer was taken as it is")]
    private static partial void LogPositionsUnread(ILogger logger, Exception exception);
}
