import PrefeedRedis

/// The Lua scripts of the queue. Each touches keys of one hash tag only (cluster-safe).
enum JobScripts {
    /// Sets a user's pending marker. KEYS: marker. ARGV: priority rank, TTL seconds.
    /// Returns 1 when newly queued, 2 when upgraded to a higher priority, 0 when already queued.
    static let mark = RedisScript("""
        local current = redis.call('GET', KEYS[1])
        if not current then
          redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
          return 1
        end
        if tonumber(ARGV[1]) < tonumber(current) then
          redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
          return 2
        end
        return 0
        """)

    /// Clears a user's marker if it still holds the priority of the job that finished, so a job at
    /// a lower priority does not clear the marker of a pending higher one. KEYS: marker. ARGV: rank.
    static let unmark = RedisScript("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """)

    /// Acknowledges and deletes finished jobs. KEYS: stream, errors, completions.
    /// ARGV: group, completion MAXLEN (0: no log), consumer, then (id, user) pairs.
    /// Only an entry still pending is acknowledged and logged, so a job is done exactly once even
    /// when a slow worker and the one that reclaimed it both finish. Returns the number acknowledged.
    static let acknowledge = RedisScript("""
        local acked = 0
        local logged = tonumber(ARGV[2]) > 0
        for i = 4, #ARGV, 2 do
          local id = ARGV[i]
          if redis.call('XACK', KEYS[1], ARGV[1], id) == 1 then
            redis.call('XDEL', KEYS[1], id)
            redis.call('HDEL', KEYS[2], id)
            if logged then
              redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*', 'id', id, 'u', ARGV[i + 1], 'c', ARGV[3])
            end
            acked = acked + 1
          end
        end
        return acked
        """)

    /// Moves jobs to the dead letters. KEYS: stream, errors, dead letters.
    /// ARGV: group, dead-letter MAXLEN, now ms, then (id, user, attempts, error) quadruples; an
    /// empty error takes the last recorded one. Only entries still pending move. Returns the count moved.
    static let deadLetter = RedisScript("""
        local moved = 0
        for i = 4, #ARGV, 4 do
          local id = ARGV[i]
          if redis.call('XACK', KEYS[1], ARGV[1], id) == 1 then
            local err = ARGV[i + 3]
            if err == '' then
              err = redis.call('HGET', KEYS[2], id) or 'no error recorded: the worker died or stalled while processing it'
            end
            redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*',
              'id', id, 'u', ARGV[i + 1], 'attempts', ARGV[i + 2], 'error', err, 'at', ARGV[3])
            redis.call('XDEL', KEYS[1], id)
            redis.call('HDEL', KEYS[2], id)
            moved = moved + 1
          end
        end
        return moved
        """)

    static let all = [mark, unmark, acknowledge, deadLetter]
}
