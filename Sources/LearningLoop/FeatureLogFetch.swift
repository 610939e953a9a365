import FeedCore
import FeedLearning
import FeedStore
import PrefeedRedis

/// Fetches the logged feature vectors of impressed items from their generations' feature logs
/// (``FeatureLogFormat``): one pipeline of header `GETRANGE`s, one of item-record and feature
/// `GETRANGE`s covering just the positions served. Features are never recomputed.
struct FeatureLogFetch {
    let client: RedisClient
    let keys: FeedKeys

    /// One table per user (generation ids are unique per user only, so one shared table could
    /// mix two users' generations).
    func tables(for impressions: [ImpressionRecord]) async throws -> [UserID: FeatureLogTable] {
        struct Wanted: Hashable { var user: UserID; var generation: GenerationID }
        var positions: [Wanted: (low: Int, high: Int)] = [:]
        for impression in impressions {
            let key = Wanted(user: impression.user, generation: impression.generation)
            for item in impression.items {
                let current = positions[key] ?? (item.position, item.position)
                positions[key] = (min(current.low, item.position), max(current.high, item.position))
            }
        }
        let wanted = Array(positions.keys)
        let headerSize = FeatureLogFormat.headerSize
        let headers = await client.pipeline(wanted.map {
            RedisCommand("GETRANGE", keys.featureLog($0.user, $0.generation), 0, headerSize - 1)
        })
        var commands: [RedisCommand] = []
        var plans: [(wanted: Wanted, low: Int, high: Int, featureCount: Int)] = []
        for (index, entry) in wanted.enumerated() {
            guard let header = try headers[index].get().bytes, header.count == headerSize,
                header.starts(with: Array("PFL1".utf8))
            else { continue }
            let featureCount = Int(Self.uint32(header, 8))
            let itemCount = Int(Self.uint32(header, 12))
            guard let (low, high) = positions[entry], high < itemCount else { continue }
            let key = keys.featureLog(entry.user, entry.generation)
            commands.append(RedisCommand(
                "GETRANGE", key, FeatureLogFormat.itemOffset(position: low), FeatureLogFormat.itemOffset(position: high + 1) - 1))
            let start = FeatureLogFormat.featureOffset(position: low, itemCount: itemCount, featureCount: featureCount)
            let end = FeatureLogFormat.featureOffset(position: high + 1, itemCount: itemCount, featureCount: featureCount)
            commands.append(RedisCommand("GETRANGE", key, start, end - 1))
            plans.append((entry, low, high, featureCount))
        }
        let replies = await client.pipeline(commands)
        var tables: [UserID: FeatureLogTable] = [:]
        for (index, plan) in plans.enumerated() {
            let items = FeatureLogFormat.decodeItems(try replies[2 * index].get().bytes ?? [])
            guard let vectors = FeatureVectorEncoding.decode((try replies[2 * index + 1].get().bytes ?? [])[...]) else { continue }
            let count = plan.high - plan.low + 1
            guard items.count == count, vectors.count == count * plan.featureCount else { continue }
            for offset in 0..<count {
                let features = Array(vectors[(offset * plan.featureCount)..<((offset + 1) * plan.featureCount)])
                tables[plan.wanted.user, default: FeatureLogTable()].insert(
                    generation: plan.wanted.generation, position: plan.low + offset, post: items[offset].post,
                    features: features)
            }
        }
        return tables
    }

    static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * index) }
        return value
    }
}
