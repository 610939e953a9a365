import FeedCore
import FeedJoin
import FeedLearning
import FeedStore
import PrefeedRedis

/// Reads the read path's impressions and actions streams into the join's records, from a
/// position onwards (`XRANGE` in pages). Entries that do not parse are counted, not fatal.
///
/// Entries decode with `prefeed join`'s ``StreamRecordDecoder``, so the loop labels exactly as the
/// production join does.
struct StreamRecords {
    let client: RedisClient
    let keys: FeedKeys
    /// Entries read per `XRANGE`.
    var pageSize = 2_000

    /// Impressions after `position` (exclusive; "0-0" = from the start) on every shard, and the new positions.
    func impressions(after positions: [String: String]) async throws -> (records: [ImpressionRecord], positions: [String: String], bad: Int) {
        var records: [ImpressionRecord] = []
        var bad = 0
        var next = positions
        for shard in keys.impressionShards {
            let name = "\(shard)"
            let (entries, last) = try await read(shard, after: positions[name] ?? "0-0")
            next[name] = last
            for entry in entries {
                if let record = StreamRecordDecoder.impression(entry) { records.append(record) } else { bad += 1 }
            }
        }
        return (records, next, bad)
    }

    /// Actions after `positions` on every shard, and the new positions.
    func actions(after positions: [String: String]) async throws -> (records: [ActionRecord], positions: [String: String], bad: Int) {
        var records: [ActionRecord] = []
        var bad = 0
        var next = positions
        for shard in keys.actionShards {
            let name = "\(shard)"
            let (entries, last) = try await read(shard, after: positions[name] ?? "0-0")
            next[name] = last
            for entry in entries {
                if let record = StreamRecordDecoder.action(entry) { records.append(record) } else { bad += 1 }
            }
        }
        return (records, next, bad)
    }

    private func read(_ key: RedisKey, after start: String) async throws -> (entries: [StreamEntry], last: String) {
        var entries: [StreamEntry] = []
        var last = start
        while true {
            let page = StreamEntry.entries(of: try await client.execute("XRANGE", key, "(" + last, "+", "COUNT", pageSize)) ?? []
            if let newest = page.last { last = newest.id.description }
            entries += page
            if page.count < pageSize { break }
        }
        return (entries, last)
    }
}
