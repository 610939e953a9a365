import PrefeedRedis

/// The Lua scripts of live source-data updates. Each touches one key, so each is cluster-safe.
enum SourceScripts {
    /// Adds `amount` to one head of a decayed user–author affinity (see ``AffinityCodec``), and
    /// drops the weakest of a few sampled authors when the hash holds more than `cap` authors.
    /// KEYS[1] affinity hash. ARGV: author, head index (0-based), amount, time, half-life, cap, ttl.
    static let affinityAdd = RedisScript(LuaScripts.affinityAdd)

    /// Adds one event to a log-space decayed ZSET score (see ``DecayedScore``) and trims the set to
    /// its `cap` best members. KEYS[1] zset. ARGV: member, log term, cap.
    static let decayedAdd = RedisScript(LuaScripts.decayedAdd)

    /// Increments one hourly engagement bucket, refreshes the TTL, and when the hash holds more than
    /// `max fields` drops buckets older than `min hour`. KEYS[1] hash. ARGV: field, amount, ttl,
    /// max fields, min hour.
    static let bucketAdd = RedisScript(LuaScripts.bucketAdd)

    /// Follows once: adds the author unless present or the set is full. Returns 1 when added, 0
    /// when already followed, -1 when full. KEYS[1] follow set. ARGV: author, time, cap, ttl.
    static let follow = RedisScript(LuaScripts.follow)

    /// Creates a post unless its id belongs to another author: checks the stored author and writes
    /// the hash in one call, so two writers racing on one id cannot both win. Returns `{1, author}`
    /// when created, `{0, author}` when the same author's post was rewritten (idempotent), `{-1,
    /// stored author}` when the id is another author's (nothing written). KEYS[1] post hash. ARGV:
    /// author, ttl, then the hash's field/value pairs.
    static let createPost = RedisScript(LuaScripts.createPost)

    /// Deletes a post's hash and engagement only while its stored author is the given one, so a
    /// delete checked against the author cannot remove a post that was re-created by someone else
    /// in between. Returns 1 when deleted, 0 when the post is already gone, -1 when it is another
    /// author's (nothing deleted). KEYS[1] post hash, KEYS[2] post engagement (same tag). ARGV: author.
    static let deleteOwnedPost = RedisScript(LuaScripts.deleteOwnedPost)
}
