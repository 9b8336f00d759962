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
    /// The operation's id joins the index of recent operations, which keeps the newest only, scored by the enqueue time
    /// in milliseconds, or one more than the newest's when that is later, so that the order is the order of enqueueing.
    /// KEYS: stream, operation, recent operations. ARGV: max length, operation lifetime (ms), now (ms), wake channel,
    /// entry count, the tenants (comma-separated), operation id, recent operations kept, then per entry its field
    /// count and its fields.
    /// </summary>
    public const string Enqueue = """
        local n = tonumber(ARGV[5])
        if redis.call('XLEN', KEYS[1]) + n > tonumber(ARGV[1]) then return -1 end
        local i = 9
        for _ = 1, n do
          local count = tonumber(ARGV[i])
          redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, i + 1, i + count))
          i = i + count + 1
        end
        redis.call('HSET', KEYS[2], 'state', 'Queued', 'total', n, 'done', 0, 'failed', 0,
          'createdAt', ARGV[3], 'updatedAt', ARGV[3], 'lastError', '', 'tenants', ARGV[6])
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        local newest = redis.call('ZREVRANGE', KEYS[3], 0, 0, 'WITHSCORES')
        local score = tonumber(ARGV[3])
        if newest[2] and tonumber(newest[2]) >= score then score = tonumber(newest[2]) + 1 end
        redis.call('ZADD', KEYS[3], score, ARGV[7])
        redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -tonumber(ARGV[8]) - 1)
        redis.call('PUBLISH', ARGV[4], n)
        return n
        """;

    /// <summary>
    /// Marks operations whose messages a consumer has just taken as Running; settled or expired ones are left alone.
    /// KEYS: operations. ARGV: now (ms).
    /// </summary>
    public const string Begin = """
        for _, op in ipairs(KEYS) do
          if redis.call('HGET', op, 'state') == 'Queued' then
            redis.call('HSET', op, 'state', 'Running', 'updatedAt', ARGV[1])
          end
        end
        return 0
        """;

    /// <summary>
    /// Acknowledges handled entries, deletes them and counts each as done under its operation, only for entries still
    /// pending: an entry handled twice (by a slow consumer and by the one that reclaimed it) counts once, and a crash
    /// cannot leave an acknowledged entry uncounted. Returns how many were counted.
    /// KEYS: stream, statistics, then one operation per entry. ARGV: group, now (ms), operation lifetime (ms), the
    /// statistics field of the current second, then the entry ids in the order of their operations.
    /// </summary>
    public const string Acknowledge = Settle + """
        local acked = 0
        for k = 3, #KEYS do
          local id = ARGV[k + 2]
          if redis.call('XACK', KEYS[1], ARGV[1], id) == 1 then
            redis.call('XDEL', KEYS[1], id)
            acked = acked + 1
            if redis.call('EXISTS', KEYS[k]) == 1 then
              redis.call('HINCRBY', KEYS[k], 'done', 1)
              settle(KEYS[k], ARGV[2], ARGV[3])
            end
          end
        end
        if acked > 0 then
          redis.call('HINCRBY', KEYS[2], 'processed', acked)
          redis.call('HINCRBY', KEYS[2], ARGV[4], acked)
          redis.call('HPEXPIRE', KEYS[2], 120000, 'FIELDS', 1, ARGV[4])
        end
        return acked
        """;

    /// <summary>
    /// Settles failed deliveries of entries this consumer still owns (one another consumer has reclaimed is that
    /// consumer's to settle). An entry delivered MaxDeliveries times, or marked final (unreadable, or left by consumers
    /// that stopped), is copied to the dead-letter stream with its error, acknowledged, deleted and counted failed under
    /// its operation, in one step: it is never both pending and dead, nor dead twice. Any other failure stays pending,
    /// to be retried once it has been idle for ClaimIdle, and its error becomes the operation's last error.
    /// Returns per entry: 0 not ours (skipped), 1 left for a retry, 2 dead-lettered.
    /// KEYS: stream, dead letters, statistics, then one operation per entry (the stream when it has none). ARGV: group,
    /// consumer, now (ms), operation lifetime (ms), max deliveries, dead-letter max length, then per entry: id,
    /// operation id or '', '1' when final, error, field count, the original fields.
    /// </summary>
    public const string Fail = Settle + """
        local results = {}
        local j = 7
        for k = 4, #KEYS do
          local id, opId, final, err, count = ARGV[j], ARGV[j + 1], ARGV[j + 2], ARGV[j + 3], tonumber(ARGV[j + 4])
          local first, last = j + 5, j + 4 + count
          j = j + 5 + count
          local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
          local result = 0
          if #pending == 1 and pending[1][2] == ARGV[2] then
            local deliveries = pending[1][4]
            local hasOp = opId ~= '' and redis.call('EXISTS', KEYS[k]) == 1
            redis.call('HINCRBY', KEYS[3], 'failed', 1)
            redis.call('HSET', KEYS[3], 'lastError', err, 'lastErrorAt', ARGV[3])
            if final == '1' or deliveries >= tonumber(ARGV[5]) then
              redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*',
                'dead:error', err, 'dead:originalId', id, 'dead:deliveries', deliveries, 'dead:at', ARGV[3],
                'dead:consumer', ARGV[2], unpack(ARGV, first, last))
              redis.call('XACK', KEYS[1], ARGV[1], id)
              redis.call('XDEL', KEYS[1], id)
              redis.call('HINCRBY', KEYS[3], 'deadLettered', 1)
              if hasOp then
                redis.call('HINCRBY', KEYS[k], 'failed', 1)
                redis.call('HSET', KEYS[k], 'lastError', err)
                settle(KEYS[k], ARGV[3], ARGV[4])
              end
              result = 2
            else
              if hasOp then
                redis.call('HSET', KEYS[k], 'lastError', err, 'updatedAt', ARGV[3])
              end
              result = 1
            end
          end
          results[#results + 1] = result
        end
        return results
        """;

    /// <summary>
    /// Removes from the group, on each lane's stream, the consumers other than the caller that hold no entry there and
    /// have not tried to read it for the given time (XINFO's idle: a live consumer reads every IdleWait even with
    /// nothing to do), and counts each consumer removed once in the statistics. Its pending count is read and the
    /// consumer deleted in one step, so an entry delivered to one of them can never be dropped with it (XGROUP
    /// DELCONSUMER forgets a consumer's pending entries). A stream or group not there yet is skipped. Returns the names
    /// removed.
    /// KEYS: the lanes' streams, then statistics (last). ARGV: group, the caller's consumer name, idle time (ms).
    /// </summary>
    public const string RemoveIdleConsumers = """
        local removed, seen = {}, {}
        for s = 1, #KEYS - 1 do
          local ok, consumers = pcall(redis.call, 'XINFO', 'CONSUMERS', KEYS[s], ARGV[1])
          if ok then
            for _, consumer in ipairs(consumers) do
              local info = {}
              for i = 1, #consumer, 2 do info[consumer[i]] = consumer[i + 1] end
              if info['name'] ~= ARGV[2] and tonumber(info['pending']) == 0 and tonumber(info['idle']) >= tonumber(ARGV[3]) then
                redis.call('XGROUP', 'DELCONSUMER', KEYS[s], ARGV[1], info['name'])
                if not seen[info['name']] then
                  seen[info['name']] = true
                  removed[#removed + 1] = info['name']
                end
              end
            end
          end
        end
        if #removed > 0 then redis.call('HINCRBY', KEYS[#KEYS], 'consumersRemoved', #removed) end
        return removed
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
