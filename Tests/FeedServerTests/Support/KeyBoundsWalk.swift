import PrefeedRedis

/// `SCAN` over one node's whole keyspace with each key's `TTL`: what the key-bounds tests walk.
struct KeyBoundsWalk {
    /// Prefixes of keys bounded by trimming instead of a TTL (docs/REDIS-KEYS.md): streams by
    /// `MAXLEN ~`, global sets by count, the job streams and activity index by the worker and the
    /// scheduler, the model registry by version count, the deletions log by length.
    static let trimmedByDesign = [
        "impressions:{", "actions:{", "popular:{", "trending:{", "followers:{", "models:{", "jobs:", "active:", "deleted:{",
    ]

    /// Every key seen.
    var all: [String] = []
    /// Keys with neither a TTL nor a prefix in ``trimmedByDesign``.
    var unbounded: [String] = []

    /// Walks the node `client` talks to (a single-node client; on a cluster, one per node).
    static func walk(_ client: RedisClient) async throws -> KeyBoundsWalk {
        var walk = KeyBoundsWalk()
        var cursor = "0"
        repeat {
            let reply = try await client.execute("SCAN", cursor, "COUNT", 1000).array ?? []
            cursor = reply.first?.string ?? "0"
            let names = (reply.last?.array ?? []).compactMap(\.string)
            walk.all += names
            let ttls = await client.pipeline(names.map { RedisCommand("TTL", $0) })
            for (name, ttl) in zip(names, ttls) where try ttl.get().int == -1 {
                if !trimmedByDesign.contains(where: { name.hasPrefix($0) }) { walk.unbounded.append(name) }
            }
        } while cursor != "0"
        return walk
    }
}
