import PrefeedRedis

/// The Lua scripts of the queue. Each touches keys of one hash tag only (cluster-safe).
enum JobScripts {
    /// Sets a user's pending marker. KEYS: marker. ARGV: priority rank, TTL seconds.
    /// Returns 1 when newly queued, 2 when upgraded to a higher priority, 0 when already queued.
    static let mark = RedisScript(LuaScripts.jobMark)

    /// Clears a user's marker if it still holds the priority of the job that finished, so a job at
    /// a lower priority does not clear the marker of a pending higher one. KEYS: marker. ARGV: rank.
    static let unmark = RedisScript(LuaScripts.jobUnmark)

    /// Acknowledges and deletes finished jobs. KEYS: stream, errors, completions.
    /// ARGV: group, completion MAXLEN (0: no log), consumer, then (id, user) pairs.
    /// Only an entry still pending is acknowledged and logged, so a job is done exactly once even
    /// when a slow worker and the one that reclaimed it both finish. Returns the number acknowledged.
    static let acknowledge = RedisScript(LuaScripts.jobAcknowledge)

    /// Moves jobs to the dead letters. KEYS: stream, errors, dead letters.
    /// ARGV: group, dead-letter MAXLEN, now ms, then (id, user, attempts, error) quadruples; an
    /// empty error takes the last recorded one. Only entries still pending move. Returns the count moved.
    static let deadLetter = RedisScript(LuaScripts.jobDeadLetter)

    static let all = [mark, unmark, acknowledge, deadLetter]
}
