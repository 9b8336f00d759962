using System.Globalization;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

public sealed partial class IngestionQueue
{
    /// <summary>The most dead letters one page may hold.</summary>
    public const int MaxDeadLetterPage = 1_000;

    /// <summary>
    /// Up to <paramref name="count"/> dead letters, oldest first, after the dead letter <paramref name="after"/> (its
    /// <see cref="DeadLetter.Id"/>; null for the first page).
    /// </summary>
    /// <exception cref="ArgumentException">The count is outside 1..1000, or <paramref name="after"/> is not a stream id.</exception>
    public async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int count, string? after, CancellationToken cancellationToken)
    {
        if (count is < 1 or > MaxDeadLetterPage)
        {
            throw new ArgumentException($"count must be between 1 and {MaxDeadLetterPage}; it is {count}.", nameof(count));
        }

        if (after is not null && !IsStreamId(after))
        {
            throw new ArgumentException("after must be a dead letter's id (for example 1714521600000-0).", nameof(after));
        }

        var entries = await redis.GetDatabase()
            .StreamRangeAsync(Keys.DeadLetters, after is null ? "-" : "(" + after, "+", count)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(ToDeadLetter)];
    }

    /// <summary>
    /// Puts a dead letter back on the bulk lane's stream, as the message it was, and counts it as waiting again under
    /// its operation; returns false when there is no such dead letter (already re-driven, or trimmed). Bulk, because a
    /// re-drive often puts back many at once, and they must not hold up interactive writes.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="deadLetterId"/> is not a stream id.</exception>
    /// <exception cref="IngestionQueueFullException">The bulk lane's stream is full.</exception>
    /// <exception cref="DeadLetterNotRedrivableException">The dead letter holds no field of its original entry.</exception>
    public async Task<bool> RedriveAsync(string deadLetterId, CancellationToken cancellationToken)
    {
        if (!IsStreamId(deadLetterId))
        {
            throw new ArgumentException("deadLetterId must be a dead letter's id (for example 1714521600000-0).", nameof(deadLetterId));
        }

        var database = redis.GetDatabase();
        var entries = await database.StreamRangeAsync(Keys.DeadLetters, deadLetterId, deadLetterId, 1).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (entries.Length == 0)
        {
            return false;
        }

        // The operation comes from the entry read above; the script checks that the entry is still there, so a
        // concurrent re-drive of the same dead letter does nothing.
        var operationId = Field(entries[0], IngestionMessageFormat.OperationField) is { } op && IsOperationId(op) ? op : null;
        cancellationToken.ThrowIfCancellationRequested();
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(
            IngestionScripts.Redrive,
            [Keys.DeadLetters, Keys.BulkStream, operationId is null ? Keys.BulkStream : Keys.Operation(operationId)],
            [
                deadLetterId,
                settings.MaxLength,
                time.GetUtcNow().ToUnixTimeMilliseconds(),
                (long)settings.OperationTimeToLive.TotalMilliseconds,
                Keys.Wake.ToString(),
                operationId ?? string.Empty,
            ]).ConfigureAwait(false))!;
        return (long)result[0] switch
        {
            1 => true,
            0 => false,
            -1 => throw new IngestionQueueFullException(),
            _ => throw new DeadLetterNotRedrivableException(deadLetterId),
        };
    }

    /// <summary>
    /// Re-drives every dead letter there was when the call started (later ones are left, so a message failing again
    /// at once cannot keep this going); returns how many were re-driven. Dead letters with nothing to put back stay.
    /// </summary>
    /// <exception cref="IngestionQueueFullException">The bulk lane's stream filled up; the dead letters not yet re-driven stay.</exception>
    public async Task<int> RedriveAllAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var newest = await database.StreamRangeAsync(Keys.DeadLetters, "-", "+", 1, Order.Descending).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (newest.Length == 0)
        {
            return 0;
        }

        var last = StreamId.Parse(newest[0].Id.ToString());
        var redriven = 0;
        string? after = null;
        while (true)
        {
            var page = await ReadDeadLettersAsync(100, after, cancellationToken).ConfigureAwait(false);
            foreach (var deadLetter in page)
            {
                if (StreamId.Parse(deadLetter.Id) > last)
                {
                    return redriven;
                }

                try
                {
                    if (await RedriveAsync(deadLetter.Id, cancellationToken).ConfigureAwait(false))
                    {
                        redriven++;
                    }
                }
                catch (DeadLetterNotRedrivableException)
                {
                    // Nothing to put back; it stays listed, and the others are still re-driven.
                }
            }

            if (page.Count < 100)
            {
                return redriven;
            }

            after = page[^1].Id;
        }
    }

    private static DeadLetter ToDeadLetter(StreamEntry entry) => new(
        entry.Id.ToString(),
        Field(entry, IngestionScripts.DeadFieldPrefix + "originalId") ?? string.Empty,
        Field(entry, IngestionMessageFormat.OperationField) is { } op && IsOperationId(op) ? op : null,
        Field(entry, IngestionMessageFormat.KindField),
        Field(entry, IngestionMessageFormat.IdField),
        Field(entry, IngestionMessageFormat.TenantField),
        Field(entry, IngestionScripts.DeadFieldPrefix + "error") ?? string.Empty,
        int.TryParse(Field(entry, IngestionScripts.DeadFieldPrefix + "deliveries"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var deliveries) ? deliveries : 0,
        DateTimeOffset.FromUnixTimeMilliseconds(
            long.TryParse(Field(entry, IngestionScripts.DeadFieldPrefix + "at"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var at) ? at : 0),
        Field(entry, IngestionScripts.DeadFieldPrefix + "consumer") ?? string.Empty);

    private static string? Field(StreamEntry entry, string name)
    {
        // The first occurrence: the dead letter's own fields come before the original entry's, which could repeat a name.
        foreach (var field in entry.Values)
        {
            if (field.Name == name)
            {
                return field.Value.ToString();
            }
        }

        return null;
    }

    /// <summary>What is wrong with <paramref name="id"/> as a dead letter's id, named <paramref name="field"/>; null when nothing is.</summary>
    public static InputError? CheckDeadLetterId(string? id, string field) =>
        IsStreamId(id) ? null : new(field, $"{field} must be a dead letter's id (for example 1714521600000-0).");

    private static bool IsStreamId(string? text) => text is { Length: <= 41 } && StreamIdPattern().IsMatch(text);

    [GeneratedRegex("^[0-9]{1,20}-[0-9]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex StreamIdPattern();
}
