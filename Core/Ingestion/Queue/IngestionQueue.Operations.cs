using System.Globalization;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>Operations' status: one by its id, or the newest ones.</summary>
public sealed partial class IngestionQueue
{
    /// <summary>How many ids of the index of recent operations are read at once while listing.</summary>
    private const int RecentOperationsPage = 100;

    /// <summary>An operation's status; null when it is unknown or expired (<c>OperationTimeToLive</c> after its last change).</summary>
    /// <exception cref="ArgumentException">The id is not an operation id (32 hexadecimal digits).</exception>
    public async Task<IngestionOperation?> GetOperationAsync(string operationId, CancellationToken cancellationToken)
    {
        if (!IsOperationId(operationId))
        {
            throw new ArgumentException("An operation id is 32 lowercase hexadecimal digits.", nameof(operationId));
        }

        var fields = await redis.GetDatabase().HashGetAllAsync(Keys.Operation(operationId)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return ToOperation(operationId, fields);
    }

    /// <summary>
    /// The newest operations (at most <c>RecentOperations</c> are indexed) that <paramref name="visible"/> lets through,
    /// newest first, at most <paramref name="count"/>. Ids whose status has expired are dropped from the index on the way.
    /// </summary>
    public async Task<IReadOnlyList<IngestionOperation>> ListRecentOperationsAsync(
        int count, Func<IngestionOperation, bool> visible, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var database = redis.GetDatabase();
        var found = new List<IngestionOperation>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (start, scanned) = (0, 0);
        while (scanned < settings.RecentOperations && found.Count < count)
        {
            var pageSize = Math.Min(RecentOperationsPage, settings.RecentOperations - scanned);
            var ids = await database.SortedSetRangeByRankAsync(Keys.RecentOperations, start, start + pageSize - 1, Order.Descending)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            var batch = database.CreateBatch();
            var reads = ids.Select(id => batch.HashGetAllAsync(Keys.Operation(id.ToString()))).ToArray();
            batch.Execute();
            var expired = new List<RedisValue>();
            for (var index = 0; index < ids.Length; index++)
            {
                var operation = ToOperation(ids[index].ToString(), await reads[index].WaitAsync(cancellationToken).ConfigureAwait(false));
                if (operation is null)
                {
                    expired.Add(ids[index]);
                }
                else if (found.Count < count && seen.Add(operation.Id) && visible(operation))
                {
                    found.Add(operation);
                }
            }

            if (expired.Count > 0)
            {
                await database.SortedSetRemoveAsync(Keys.RecentOperations, [.. expired]).WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            // Removing expired ids moves the ones after them up by as many ranks.
            start += ids.Length - expired.Count;
            scanned += ids.Length;
            if (ids.Length < pageSize)
            {
                break;
            }
        }

        return found;
    }

    private static IngestionOperation? ToOperation(string operationId, HashEntry[] entries)
    {
        var fields = entries.ToDictionary(entry => entry.Name.ToString(), entry => entry.Value.ToString(), StringComparer.Ordinal);
        if (!fields.TryGetValue("state", out var text) || !Enum.TryParse<OperationState>(text, out var state))
        {
            return null;
        }

        return new IngestionOperation(
            operationId,
            state,
            (int)Long(fields, "total"),
            (int)Long(fields, "done"),
            (int)Long(fields, "failed"),
            DateTimeOffset.FromUnixTimeMilliseconds(Long(fields, "createdAt")),
            DateTimeOffset.FromUnixTimeMilliseconds(Long(fields, "updatedAt")),
            fields.GetValueOrDefault("lastError") is { Length: > 0 } error ? error : null,
            fields.GetValueOrDefault("tenants") is { Length: > 0 } tenants ? tenants.Split(',') : []);
    }

    private static long Long(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
