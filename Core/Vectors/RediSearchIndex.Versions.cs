using System.Globalization;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <remarks>
/// The versions behind the alias: <c>v1</c> at creation, then one per rebuild, numbered by a counter
/// (<c>idx:{embeddings}:versions</c>), never from the live one: a rebuild that died leaves its version behind, and the
/// next rebuild must not fill it again (writes made meanwhile would land among its leftovers).
/// </remarks>
internal sealed partial class RediSearchIndex
{
    private const string FirstVersion = "v1";

    private static readonly TimeSpan IndexingPoll = TimeSpan.FromMilliseconds(20);

    private const string NextVersionScript =
        "local next = redis.call('INCR', KEYS[1]) local live = tonumber(ARGV[1]) " +
        "if next <= live then next = live + 1 redis.call('SET', KEYS[1], next) end return next";

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
        await CreateVersionAsync(FirstVersion, cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(RediSearchCommands.AliasAdd(Alias, IndexName(FirstVersion)), cancellationToken).ConfigureAwait(false);
        }
        catch (RediSearchException exception) when (exception.ServerMessage.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
        }

        await database.StringSetAsync(liveKey, FirstVersion, when: When.NotExists).WaitAsync(cancellationToken).ConfigureAwait(false);
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

    /// <inheritdoc />
    /// <remarks>FT.CREATE indexes the hashes already under the version's prefix: writes that came first are kept.</remarks>
    protected override Task CreateTargetAsync(string target, CancellationToken cancellationToken) => CreateVersionAsync(target, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// FT.CREATE indexes the hashes written before it in the background: the swap waits for that scan, or a search
    /// right after it would miss them.
    /// </remarks>
    protected override async Task SwapAsync(string building, CancellationToken cancellationToken)
    {
        while (RediSearchReplies.ParseInfo(await ExecuteAsync(RediSearchCommands.Info(IndexName(building)), cancellationToken).ConfigureAwait(false)).Indexing)
        {
            await Task.Delay(IndexingPoll, cancellationToken).ConfigureAwait(false);
        }

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

    private static int? VersionNumber(string? version) =>
        version is ['v', .. var digits] && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    // Hashes are named <prefix>v<n>:<id>; callers see the id alone, as Vector Sets report it.
    private string DocumentId(string key)
    {
        if (!key.StartsWith(Schema.KeyPrefix, StringComparison.Ordinal))
        {
            return key;
        }

        var rest = key[Schema.KeyPrefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon > 1 && VersionNumber(rest[..colon]) is not null ? rest[(colon + 1)..] : key;
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
}
