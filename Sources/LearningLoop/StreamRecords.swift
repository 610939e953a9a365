import FeedCore
import FeedLearning
import FeedStore
import PrefeedRedis

/// Reads the read path's impressions and actions streams into the join's records, from a
/// position onwards (`XRANGE` in pages). Entries that do not parse are counted, not fatal.
///
/// Field names are the ones ``FeedPageScript`` and ``ReadPathActionScript`` write: impressions
/// `req user gen items pos t model`; actions `user event req item action ct dwell t`.
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
            for fields in entries {
                if let record = Self.impression(fields) { records.append(record) } else { bad += 1 }
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
            for fields in entries {
                if let record = Self.action(fields) { records.append(record) } else { bad += 1 }
            }
        }
        return (records, next, bad)
    }

    private func read(_ key: RedisKey, after start: String) async throws -> (entries: [[String: String]], last: String) {
        var entries: [[String: String]] = []
        var last = start
        while true {
            let reply = try await client.execute("XRANGE", key, "(" + last, "+", "COUNT", pageSize)
            let page = reply.array ?? []
            for entry in page {
                guard let parts = entry.array, parts.count == 2, let id = parts[0].string else { continue }
                last = id
                let values = parts[1].array ?? []
                var fields: [String: String] = [:]
                var index = 0
                while index + 1 < values.count {
                    if let name = values[index].string { fields[name] = values[index + 1].string ?? "" }
                    index += 2
                }
                entries.append(fields)
            }
            if page.count < pageSize { break }
        }
        return (entries, last)
    }

    /// An impression entry as a record (`t` is Unix seconds, possibly fractional).
    static func impression(_ fields: [String: String]) -> ImpressionRecord? {
        guard let request = fields["req"].flatMap(UInt64.init), let user = fields["user"].flatMap(UInt64.init),
            let generation = fields["gen"].flatMap(UInt64.init), let time = fields["t"].flatMap(Double.init),
            let itemText = fields["items"], let positionText = fields["pos"]
        else { return nil }
        let posts = itemText.split(separator: ",").compactMap { UInt64($0) }
        let positions = positionText.split(separator: ",").compactMap { Double($0).map { Int($0) } }
        guard !posts.isEmpty, posts.count == positions.count else { return nil }
        return ImpressionRecord(
            requestID: RequestID(request), user: UserID(user), generation: GenerationID(generation),
            modelVersion: fields["model"] ?? "", servedAt: Int64((time * 1000).rounded()),
            items: zip(posts, positions).map { ImpressedItem(post: PostID($0), position: $1) })
    }

    /// An action entry as a record (client time `ct`, Unix seconds).
    static func action(_ fields: [String: String]) -> ActionRecord? {
        guard let user = fields["user"].flatMap(UInt64.init), let post = fields["item"].flatMap(UInt64.init),
            let action = fields["action"].flatMap(ActionType.init(rawValue:)), let event = fields["event"],
            let time = fields["ct"].flatMap(Double.init)
        else { return nil }
        return ActionRecord(
            user: UserID(user), post: PostID(post), action: action, clientEventID: event,
            requestID: fields["req"].flatMap(UInt64.init).map(RequestID.init), time: Int64((time * 1000).rounded()),
            dwellMillis: fields["dwell"].flatMap(Int64.init) ?? 0)
    }
}
