namespace RedisAspire.Core.Answers.Semantic;

/// <remarks>
/// The scripts that keep a tenant's bookkeeping consistent. Each touches only keys of one tenant, which share a hash
/// tag and so one cluster slot; record and citing-set keys of other entries are built inside the script from the
/// tenant's start (ARGV), which Redis Cluster allows within the slot of the declared keys.
/// </remarks>
public sealed partial class SemanticAnswerCache
{
    // remove(id): drops an entry's record, its place in both sorted sets and in the citing set of each document it cites.
    // keep(key): a bookkeeping key lives at least as long as the longest-lived entry added (ARGV[6] ms from now).
    private const string Functions = """
        local base = ARGV[2]
        local function remove(id)
          local record = base .. 'entry:' .. id
          local cites = redis.call('HGET', record, 'cites')
          if cites then
            for doc in string.gmatch(cites, '[^\n]+') do redis.call('SREM', base .. 'cites:' .. doc, id) end
          end
          redis.call('DEL', record)
          redis.call('ZREM', KEYS[1], id)
          redis.call('ZREM', KEYS[2], id)
        end
        local function keep(key)
          if redis.call('PTTL', key) < tonumber(ARGV[6]) then redis.call('PEXPIRE', key, ARGV[6]) end
        end

        """;

    // Adds an entry, then trims the tenant to its maximum (oldest first) and sweeps up to ARGV[8] expired entries, in
    // one step: no other replica sees the tenant over its maximum, and the ids returned are the entries whose questions
    // must leave the vector index.
    // KEYS: entries, expiry, seq, record, cites sets... ARGV: id, base, now, expires, record ttl, keep ttl, max, sweep, fields...
    private const string AddScript = Functions + """
        redis.call('HSET', KEYS[4], unpack(ARGV, 9))
        redis.call('PEXPIRE', KEYS[4], ARGV[5])
        redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[3]), ARGV[1])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
        keep(KEYS[1]) keep(KEYS[2]) keep(KEYS[3])
        for i = 5, #KEYS do
          redis.call('SADD', KEYS[i], ARGV[1])
          keep(KEYS[i])
        end
        local trimmed = {}
        local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[7])
        if over > 0 then
          trimmed = redis.call('ZRANGE', KEYS[1], 0, over - 1)
          for _, id in ipairs(trimmed) do remove(id) end
        end
        local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[3], 'LIMIT', 0, tonumber(ARGV[8]))
        for _, id in ipairs(expired) do remove(id) end
        return {trimmed, expired}
        """;

    // Reads a live entry's record and, when it slides, renews it (never past its deadline); nil when the record is
    // gone or expired. KEYS: expiry, record. ARGV: id, now.
    private const string TouchScript = """
        local r = redis.call('HMGET', KEYS[2], 'answer', 'cites', 'expires', 'sliding', 'ttl', 'deadline', 'context', 'generator')
        if not r[1] then return false end
        local now = tonumber(ARGV[2])
        local expires = tonumber(r[3])
        if expires <= now then return false end
        if r[4] == '1' then
          local renewed = math.min(now + tonumber(r[5]), tonumber(r[6]))
          if renewed > expires then
            expires = renewed
            redis.call('HSET', KEYS[2], 'expires', string.format('%.0f', expires))
            redis.call('PEXPIRE', KEYS[2], string.format('%.0f', expires - now))
            redis.call('ZADD', KEYS[1], string.format('%.0f', expires), ARGV[1])
          end
        end
        return {r[1], r[2] or '', string.format('%.0f', expires), r[7], r[8]}
        """;

    // Removes the entries ARGV[3..]. KEYS: entries, expiry. ARGV: unused, base, unused, ids...
    private const string RemoveScript = Functions + """
        for i = 3, #ARGV do remove(ARGV[i]) end
        return #ARGV - 2
        """;

    // Removes every entry citing one document and the document's citing set; returns how many of them still had a
    // record, and every id (their questions leave the index). KEYS: entries, expiry, cites. ARGV: unused, base.
    private const string RemoveCitingScript = Functions + """
        local ids = redis.call('SMEMBERS', KEYS[3])
        local held = 0
        for _, id in ipairs(ids) do
          if redis.call('EXISTS', base .. 'entry:' .. id) == 1 then held = held + 1 end
          remove(id)
        end
        redis.call('DEL', KEYS[3])
        return {held, ids}
        """;
}
