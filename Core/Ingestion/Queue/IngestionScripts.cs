namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>
/// The queue's Lua scripts. Each changes the stream, the dead letters and the operations it touches in one atomic
/// step; every key is passed in KEYS and all share the queue's hash tag, so they also run on Redis Cluster.
/// StackExchange.Redis sends each script's text once and then only its SHA1 (<c>EVALSHA</c>).
/// </summary>
internal static class IngestionScripts
{
    /// <summary>The prefix of the fields a dead letter adds to the original entry's; re-driving drops them.</summary>
    public const string DeadFieldPrefix = "dead:";

    /// <summary>
    /// Recomputes an operation's state from its counts and renews its lifetime: Completed, Failed or PartiallyFailed
    /// once every message is settled, Running before.
    /// </summary>
    private const string Settle = """
        local function settle(op, now, ttl)
          local counts = redis.call('HMGET', op, 'total', 'done', 'failed')
          local total, done, failed = tonumber(counts[1]) or 0, tonumber(counts[2]) or 0, tonumber(counts[3]) or 0
          local state = 'Running'
          if done + failed >= total then
            if failed == 0 then state = 'Completed' elseif done == 0 then state = 'Failed' else state = 'PartiallyFailed' end
          end
          redis.call('HSET', op, 'state', state, 'updatedAt', now)
          redis.call('PEXPIRE', op, ttl)
        end

        """;

    /// <summary>
    /// Appends an operation's entries and creates its status hash, or does nothing (-1) when the stream has no room
    /// for all of them. So an operation's total is always the number of its entries on the stream, no entry is there
    /// without its operation, and accepted work is never trimmed: MAXLEN ~ stays as a memory cap only.
    /// KEYS: stream, operation. ARGV: max length, operation lifetime (ms), now (ms), wake channel, entry count, then per
    /// entry its field count and its fields.
    /// </summary>
    public const string Enqueue = """
        local n = tonumber(ARGV[5])
        if redis.call('XLEN', KEYS[1]) + n > tonumber(ARGV[1]) then return -1 end
        local i = 6
        for _ = 1, n do
          local count = tonumber(ARGV[i])
          redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, i + 1, i + count))
          i = i + count + 1
        end
        redis.call('HSET', KEYS[2], 'state', 'Queued', 'total', n, 'done', 0, 'failed', 0,
          'createdAt', ARGV[3], 'updatedAt', ARGV[3], 'lastError', '')
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        redis.call('PUBLISH', ARGV[4], n)
        return n
        """;

    /// <summary>
    /// Moves one dead letter back onto the work stream (without the fields the dead-lettering added) and counts it as
    /// waiting again under its operation; or does nothing when it is gone (another re-drive took it: 0), the stream
    /// is full (-1) or it holds no original field to re-drive (-2). A dead letter is re-driven at most once.
    /// Returns { 1, new entry id } on success.
    /// KEYS: dead letters, stream, operation (the stream when none). ARGV: dead letter id, max length, now (ms),
    /// operation lifetime (ms), wake channel, operation id or ''.
    /// </summary>
    public const string Redrive = Settle + """
        local entries = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
        if #entries == 0 then return { 0 } end
        if redis.call('XLEN', KEYS[2]) >= tonumber(ARGV[2]) then return { -1 } end
        local fields, original = entries[1][2], {}
        for i = 1, #fields, 2 do
          if string.sub(fields[i], 1, 5) ~= 'dead:' then -- DeadFieldPrefix
            original[#original + 1] = fields[i]
            original[#original + 1] = fields[i + 1]
          end
        end
        if #original == 0 then return { -2 } end
        local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(original))
        redis.call('XDEL', KEYS[1], ARGV[1])
        if ARGV[6] ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then
          if (tonumber(redis.call('HGET', KEYS[3], 'failed')) or 0) > 0 then
            redis.call('HINCRBY', KEYS[3], 'failed', -1)
          end
          settle(KEYS[3], ARGV[3], ARGV[4])
        end
        redis.call('PUBLISH', ARGV[5], 1)
        return { 1, id }
        """;
}
