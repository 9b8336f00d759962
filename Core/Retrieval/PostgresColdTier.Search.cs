using System.Text.Json;
using Npgsql;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

internal sealed partial class PostgresColdTier
{
    /// <summary>The K nearest documents that pass the filter, through the HNSW index: the cold tier's answer to a retrieval.</summary>
    public Task<VectorSearchResult> SearchAsync(KnnQuery query, CancellationToken cancellationToken) =>
        SearchAsync(query, exact: false, cancellationToken);

    /// <summary>
    /// The K nearest documents that pass the filter, closest first, with the same ids, distances, similarities and
    /// fields as the hot tier's hits. <paramref name="exact"/> searches without the HNSW index (a full scan), for
    /// recall checks and as the reference answer.
    /// </summary>
    /// <remarks>The query's ReturnFields, SortByScore and Limit are not used, as in the hot tier: hits carry the stored fields (<see cref="VectorIndexSchema.StoredFields"/>), closest first, K of them.</remarks>
    public async Task<VectorSearchResult> SearchAsync(KnnQuery query, bool exact, CancellationToken cancellationToken)
    {
        VectorQueryLimits.Validate(Schema, query);
        var settings = ColdTierSql.SearchSettings(Schema, query, exact);
        var search = ColdTierSql.Search(Table, Schema, query);
        var hits = await InTransactionAsync(
            async (connection, transaction) =>
            {
                // One round trip: the SET LOCALs, then the query, in the transaction that scopes them.
                var batch = new NpgsqlBatch(connection, transaction);
                await using (batch.ConfigureAwait(false))
                {
                    settings.AddTo(batch);
                    search.AddTo(batch);
                    var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        var found = new List<VectorHit>();
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            found.Add(ReadHit(reader));
                        }

                        return found;
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
        return new VectorSearchResult(hits.Count, hits);
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
}
