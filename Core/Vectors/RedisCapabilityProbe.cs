using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>Finds out a Redis server's version and which of the two vector engines it offers.</summary>
public static class RedisCapabilityProbe
{
    /// <summary>
    /// Reads the version the client learnt at connection, then asks one harmless read command of each engine:
    /// <c>VCARD</c> of a key that does not exist (Vector Sets) and <c>FT._LIST</c> (the query engine). Plain data
    /// commands work for every user and on managed services, where <c>COMMAND</c> or <c>MODULE</c> may be denied.
    /// </summary>
    public static async Task<RedisServerInfo> ProbeAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var database = redis.GetDatabase();
        var hasVectorSets = await KnowsCommandAsync(database, "VCARD", [ProbeKey], cancellationToken).ConfigureAwait(false);
        var hasQueryEngine = await KnowsCommandAsync(database, "FT._LIST", [], cancellationToken).ConfigureAwait(false);
        // The commands above succeeded, so a server is connected and its version known.
        var version = redis.GetServers()[0].Version;

        return new RedisServerInfo(version, hasVectorSets, hasQueryEngine);
    }

    /// <summary>A key no application data uses; it is only read.</summary>
    public const string ProbeKey = "redisaspire:probe";

    /// <summary>Whether a server error says that the command itself does not exist (not that it was misused).</summary>
    public static bool IsUnknownCommand(string serverError) =>
        serverError?.StartsWith("ERR unknown command", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<bool> KnowsCommandAsync(
        IDatabaseAsync database, string command, object[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            await database.ExecuteAsync(command, arguments).WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RedisServerException exception) when (IsUnknownCommand(exception.Message))
        {
            return false;
        }
    }
}
