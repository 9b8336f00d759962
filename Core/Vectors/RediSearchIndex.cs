using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// The vector hot tier on the Redis query engine (RediSearch): documents are hashes with the vector as
/// little-endian FLOAT32 bytes; queries go to an alias named after the schema that points at a versioned index.
/// </summary>
/// <remarks>
/// Version <c>n</c> of index <c>embeddings</c> is <c>idx:embeddings:vn</c> over the hashes <c>doc:vn:{id}</c>; the
/// alias <c>embeddings</c> points at the live version, whose number is also kept in <c>idx:{embeddings}:live</c> for
/// writers. A rebuild fills a new version beside it, moves the alias with <c>FT.ALIASUPDATE</c>, then drops version n
/// and its hashes (<c>.Versions.cs</c>).
/// </remarks>
internal sealed partial class RediSearchIndex : RedisVectorIndex
{
    private const int ReadBatch = 256;

    private const string WriteScript =
        "if ARGV[1] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end " +
        "redis.call('DEL', KEYS[1]) redis.call('HSET', KEYS[1], unpack(ARGV, 2)) return 1";

    private readonly string liveKey;
    private readonly string versionsKey;
    private readonly IReadOnlyList<string> returnFields;

    public RediSearchIndex(IConnectionMultiplexer redis, VectorIndexSchema schema)
        : base(redis, schema, $"idx:{{{schema?.Name}}}")
    {
        liveKey = $"idx:{{{Schema.Name}}}:live";
        versionsKey = $"idx:{{{Schema.Name}}}:versions";
        returnFields = ReturnFields(Schema);
    }

    /// <inheritdoc />
    public override string Engine => RediSearchEngine.EngineName;

    /// <summary>The alias queries use: the schema's name.</summary>
    public string Alias => Schema.Name;

    /// <inheritdoc />
    public override async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var command = RediSearchCommands.FilterOnly(Schema, Alias, VectorFilter.None, returnFields: [], limit: 0);
        return (await SearchAsync(command, cancellationToken).ConfigureAwait(false)).Total;
    }

    /// <inheritdoc />
    public override Task<VectorSearchResult> SearchAsync(KnnQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return SearchAsync(KnnCommand(Schema, query), cancellationToken);
    }

    /// <summary>The <c>FT.SEARCH</c> a KNN query of <paramref name="schema"/>'s index is sent as (its alias, stored fields, sorted by distance).</summary>
    public static RediSearchCommand KnnCommand(VectorIndexSchema schema, KnnQuery query)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(query);
        return RediSearchCommands.Knn(schema, schema.Name, query with
        {
            // FLAT indexes are exact and take no EF.
            EfRuntime = schema.Algorithm == VectorAlgorithm.Hnsw ? schema.QueryEf(query.K, query.EfRuntime) : null,
            ReturnFields = ReturnFields(schema),
            SortByScore = true,
            Limit = null,
        });
    }

    /// <inheritdoc />
    public override Task<VectorSearchResult> SearchRangeAsync(VectorRangeQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var command = RediSearchCommands.Range(Schema, Alias, query with
        {
            ReturnFields = returnFields,
            SortByScore = true,
            Limit = query.Limit ?? DefaultRangeLimit,
        });
        return SearchAsync(command, cancellationToken);
    }

    /// <summary>The documents that pass <paramref name="filter"/>, without ranking, at most <paramref name="limit"/>; Total counts them all.</summary>
    public Task<VectorSearchResult> FilterAsync(VectorFilter filter, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 0 or > VectorQueryLimits.MaxK)
        {
            throw new ArgumentException($"Limit must be between 0 and {VectorQueryLimits.MaxK}; it is {limit}.", nameof(limit));
        }

        return SearchAsync(RediSearchCommands.FilterOnly(Schema, Alias, filter, Schema.StoredFields, limit), cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<VectorIndexStatus> DescribeAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var info = RediSearchReplies.ParseInfo(await ExecuteAsync(RediSearchCommands.Info(Alias), cancellationToken).ConfigureAwait(false));
        var rebuild = await ReadRebuildStatusAsync().ConfigureAwait(false);
        var megabytes = info.TotalIndexMemoryMb > 0 ? info.TotalIndexMemoryMb : info.VectorIndexSizeMb;
        return new VectorIndexStatus(
            Schema.Name, Engine, info.Name, info.NumDocs, Schema.Dimension, Schema.Metric, Schema.Algorithm, "FLOAT32",
            (long)(megabytes * 1024 * 1024), info.Indexing, info.PercentIndexed, info.HashIndexingFailures, rebuild);
    }

    /// <inheritdoc />
    protected override async Task<bool> AddAsync(string target, VectorDocument document, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        RedisValue[] arguments = [onlyIfAbsent ? "1" : "0", .. RediSearchHashes.Fields(Schema, document)];
        var written = await Redis.GetDatabase()
            .ScriptEvaluateAsync(WriteScript, [KeyPrefix(target) + document.Id], arguments)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)written == 1;
    }


    /// <inheritdoc />
    protected override Task<bool> RemoveAsync(string target, string id, CancellationToken cancellationToken) =>
        Redis.GetDatabase().KeyDeleteAsync(KeyPrefix(target) + id).WaitAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task<bool[]> HoldsAsync(string target, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var prefix = KeyPrefix(target);
        var checks = ids.Select(id => database.KeyExistsAsync(prefix + id)).ToArray();
        return await Task.WhenAll(checks).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<VectorDocument?> ReadAsync(string target, string id, CancellationToken cancellationToken) =>
        RediSearchHashes.ToDocument(Schema, id, await Redis.GetDatabase().HashGetAllAsync(KeyPrefix(target) + id).WaitAsync(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    protected override async IAsyncEnumerable<VectorDocument> ReadAllAsync(string target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = KeyPrefix(target);
        var database = Redis.GetDatabase();
        foreach (var server in Redis.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            var keys = new List<RedisKey>(ReadBatch);
            await foreach (var key in server.KeysAsync(database.Database, RediSearchHashes.KeyPattern(prefix), ReadBatch).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                keys.Add(key);
                if (keys.Count == ReadBatch)
                {
                    foreach (var document in await ReadDocumentsAsync(database, prefix, keys, cancellationToken).ConfigureAwait(false))
                    {
                        yield return document;
                    }

                    keys.Clear();
                }
            }

            foreach (var document in await ReadDocumentsAsync(database, prefix, keys, cancellationToken).ConfigureAwait(false))
            {
                yield return document;
            }
        }
    }

    private async Task<List<VectorDocument>> ReadDocumentsAsync(
        IDatabase database, string prefix, List<RedisKey> keys, CancellationToken cancellationToken)
    {
        var reads = keys.Select(key => database.HashGetAllAsync(key)).ToArray();
        var hashes = await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false);
        var documents = new List<VectorDocument>(keys.Count);
        for (var index = 0; index < keys.Count; index++)
        {
            if (RediSearchHashes.ToDocument(Schema, keys[index].ToString()[prefix.Length..], hashes[index]) is { } document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    private async Task<VectorSearchResult> SearchAsync(RediSearchCommand command, CancellationToken cancellationToken)
    {
        var result = RediSearchReplies.ParseSearch(await ExecuteAsync(command, cancellationToken).ConfigureAwait(false), Schema);
        return result with { Hits = [.. result.Hits.Select(hit => hit with { Id = DocumentId(hit.Id) })] };
    }

    private async Task<RedisResult> ExecuteAsync(RediSearchCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await Redis.GetDatabase().ExecuteAsync(command.Name, [.. command.Args]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException exception)
        {
            throw RediSearchReplies.FromServerError(command.Name, exception.Message, exception);
        }
    }

    // What hits carry: the stored fields and the distance.
    private static IReadOnlyList<string> ReturnFields(VectorIndexSchema schema) => [.. schema.StoredFields, RediSearchCommands.ScoreField];
}
