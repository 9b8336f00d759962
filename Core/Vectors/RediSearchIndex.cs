using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// The vector hot tier on the Redis query engine (RediSearch): documents are hashes with the vector as
/// little-endian FLOAT32 bytes; queries go to an alias named after the schema that points at a versioned index.
/// </summary>
/// <remarks>
/// Version <c>n</c> of index <c>embeddings</c> is <c>idx:embeddings:vn</c> over the hashes <c>doc:vn:{id}</c>; the
/// alias <c>embeddings</c> points at the live version, whose number is also kept in <c>idx:{embeddings}:live</c> for
/// writers. A rebuild fills version n + 1 beside it, moves the alias with <c>FT.ALIASUPDATE</c>, then drops version n
/// and its hashes.
/// </remarks>
public sealed class RediSearchIndex : RedisVectorIndex
{
    private const int ReadBatch = 256;

    private const string WriteScript =
        "if ARGV[1] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end " +
        "redis.call('DEL', KEYS[1]) redis.call('HSET', KEYS[1], unpack(ARGV, 2)) return 1";

    // The next version's number comes from a counter, never from the live one: a rebuild that died leaves its version
    // behind, and the next rebuild must not fill it again (writes made meanwhile would land among its leftovers).
    private const string NextVersionScript =
        "local next = redis.call('INCR', KEYS[1]) local live = tonumber(ARGV[1]) " +
        "if next <= live then next = live + 1 redis.call('SET', KEYS[1], next) end return next";

    private readonly string liveKey;
    private readonly string versionsKey;
    private readonly IReadOnlyList<string> returnFields;

    public RediSearchIndex(IConnectionMultiplexer redis, VectorIndexSchema schema)
        : base(redis, schema, $"idx:{{{schema?.Name}}}")
    {
        liveKey = $"idx:{{{Schema.Name}}}:live";
        versionsKey = $"idx:{{{Schema.Name}}}:versions";
        returnFields = [.. Schema.StoredFields, RediSearchCommands.ScoreField];
    }

    /// <inheritdoc />
    public override string Engine => RediSearchEngine.EngineName;

    /// <summary>The alias queries use: the schema's name.</summary>
    public string Alias => Schema.Name;

    /// <summary>The index name of a version, for example <c>idx:embeddings:v2</c>.</summary>
    public string IndexName(string version) => $"idx:{Schema.Name}:{version}";

    /// <summary>The prefix of a version's hashes, for example <c>doc:v2:</c>.</summary>
    public string KeyPrefix(string version) => $"{Schema.KeyPrefix}{version}:";

    /// <inheritdoc />
    public override async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        if (await database.KeyExistsAsync(liveKey).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // Every step tolerates a replica that did it first.
        const string first = "v1";
        await CreateVersionAsync(first, cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(RediSearchCommands.AliasAdd(Alias, IndexName(first)), cancellationToken).ConfigureAwait(false);
        }
        catch (RediSearchException exception) when (exception.ServerMessage.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
        }

        await database.StringSetAsync(liveKey, first, when: When.NotExists).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

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
        var command = RediSearchCommands.Knn(Schema, Alias, query with
        {
            // FLAT indexes are exact and take no EF.
            EfRuntime = Schema.Algorithm == VectorAlgorithm.Hnsw ? Schema.QueryEf(query.K, query.EfRuntime) : null,
            ReturnFields = returnFields,
            SortByScore = true,
            Limit = null,
        });
        return SearchAsync(command, cancellationToken);
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
    protected override async Task<string> ReadLiveTargetAsync(CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var live = (string?)await database.StringGetAsync(liveKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (live is null)
        {
            await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            live = (string?)await database.StringGetAsync(liveKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return live ?? throw new InvalidOperationException($"Index '{Schema.Name}' could not be created.");
    }

    /// <inheritdoc />
    protected override async Task<string> NewTargetAsync(CancellationToken cancellationToken)
    {
        var live = await ReadLiveTargetAsync(cancellationToken).ConfigureAwait(false);
        var version = VersionNumber(live) ?? throw new InvalidOperationException($"Index '{Schema.Name}' names its live version '{live}', which is not v<number>.");

        // Versions counted before the counter existed: the last rebuild's may be above the live one.
        if (VersionNumber((await ReadRebuildStatusAsync().ConfigureAwait(false))?.Target) is { } last)
        {
            version = Math.Max(version, last);
        }

        var next = await Redis.GetDatabase().ScriptEvaluateAsync(NextVersionScript, [versionsKey], [version]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture, $"v{(long)next}");
    }

    private static int? VersionNumber(string? version) =>
        version is ['v', .. var digits] && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <inheritdoc />
    /// <remarks>FT.CREATE indexes the hashes already under the version's prefix: writes that came first are kept.</remarks>
    protected override Task CreateTargetAsync(string target, CancellationToken cancellationToken) => CreateVersionAsync(target, cancellationToken);

    /// <inheritdoc />
    protected override async Task SwapAsync(string building, CancellationToken cancellationToken)
    {
        await ExecuteAsync(RediSearchCommands.AliasUpdate(Alias, IndexName(building)), cancellationToken).ConfigureAwait(false);
        await Redis.GetDatabase().StringSetAsync(liveKey, building).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task AbandonAsync(string target) => DropVersionAsync(target);

    /// <inheritdoc />
    protected override async Task DropStorageAsync(CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        if ((string?)await database.StringGetAsync(liveKey).WaitAsync(cancellationToken).ConfigureAwait(false) is not { } live)
        {
            return;
        }

        await DropVersionAsync(live).ConfigureAwait(false);
        await database.KeyDeleteAsync([liveKey, versionsKey]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task RetireAsync(string formerLive) => DropVersionAsync(formerLive);

    /// <inheritdoc />
    protected override async Task<bool> AddAsync(string target, VectorDocument document, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        var arguments = new List<RedisValue> { onlyIfAbsent ? "1" : "0", Schema.VectorField, VectorEncoding.ToFloat32Bytes(document.Vector) };
        foreach (var (field, value) in document.Tags)
        {
            arguments.Add(field);
            arguments.Add(value);
        }

        foreach (var (field, value) in document.Numbers)
        {
            arguments.Add(field);
            arguments.Add(RediSearchQuery.FormatNumber(value));
        }

        foreach (var (field, value) in document.Texts)
        {
            arguments.Add(field);
            arguments.Add(value);
        }

        var written = await Redis.GetDatabase()
            .ScriptEvaluateAsync(WriteScript, [KeyPrefix(target) + document.Id], [.. arguments])
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
        ToDocument(id, await Redis.GetDatabase().HashGetAllAsync(KeyPrefix(target) + id).WaitAsync(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    protected override async IAsyncEnumerable<VectorDocument> ReadAllAsync(string target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = KeyPrefix(target);
        var database = Redis.GetDatabase();
        foreach (var server in Redis.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            var keys = new List<RedisKey>(ReadBatch);
            await foreach (var key in server.KeysAsync(database.Database, GlobPattern(prefix), ReadBatch).WithCancellation(cancellationToken).ConfigureAwait(false))
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
            if (ToDocument(keys[index].ToString()[prefix.Length..], hashes[index]) is { } document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    private VectorDocument? ToDocument(string id, HashEntry[] fields)
    {
        float[]? vector = null;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var name = field.Name.ToString();
            if (name == Schema.VectorField)
            {
                vector = VectorEncoding.FromFloat32Bytes((byte[])field.Value!);
            }
            else if (Schema.IsTagField(name))
            {
                tags[name] = field.Value.ToString();
            }
            else if (Schema.IsNumericField(name) && double.TryParse(field.Value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                numbers[name] = number;
            }
            else if (Schema.TextFields.Contains(name, StringComparer.Ordinal))
            {
                texts[name] = field.Value.ToString();
            }
        }

        // A hash deleted since the scan reads back empty.
        return vector is null ? null : new VectorDocument(id, vector, tags, numbers, texts);
    }

    private async Task<VectorSearchResult> SearchAsync(RediSearchCommand command, CancellationToken cancellationToken)
    {
        var result = RediSearchReplies.ParseSearch(await ExecuteAsync(command, cancellationToken).ConfigureAwait(false), Schema);
        return result with { Hits = [.. result.Hits.Select(hit => hit with { Id = DocumentId(hit.Id) })] };
    }

    // Hashes are named <prefix>v<n>:<id>; callers see the id alone, as Vector Sets report it.
    private string DocumentId(string key)
    {
        if (!key.StartsWith(Schema.KeyPrefix, StringComparison.Ordinal))
        {
            return key;
        }

        var rest = key.AsSpan(Schema.KeyPrefix.Length);
        var colon = rest.IndexOf(':');
        return colon > 1 && rest[0] == 'v' && int.TryParse(rest[1..colon], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? rest[(colon + 1)..].ToString()
            : key;
    }

    private async Task CreateVersionAsync(string version, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(
                RediSearchCommands.CreateIndex(Schema with { Name = IndexName(version), KeyPrefix = KeyPrefix(version) }),
                cancellationToken).ConfigureAwait(false);
        }
        catch (RediSearchException exception) when (exception.Kind == RediSearchErrorKind.IndexExists)
        {
        }
    }

    private async Task DropVersionAsync(string version)
    {
        try
        {
            await ExecuteAsync(RediSearchCommands.DropIndex(IndexName(version), deleteDocuments: true), CancellationToken.None).ConfigureAwait(false);
        }
        catch (RediSearchException exception) when (exception.Kind == RediSearchErrorKind.IndexNotFound)
        {
        }
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

    private static string GlobPattern(string prefix)
    {
        var pattern = new StringBuilder(prefix.Length + 1);
        foreach (var c in prefix)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }

        return pattern.Append('*').ToString();
    }
}
