import FeedCore
import FeedJoin
import FeedLearning
import FeedStore
import Foundation
import Logging
import PrefeedRedis

/// Hand-built impression and action streams in Redis, in the read path's field layout, with the
/// generations' feature logs; and the same inputs as FeedLearning records for a reference join.
struct StreamFixtures {
    let client: RedisClient
    let keys = FeedKeys()
    /// Next sequence number per stream and millisecond, so explicit ids stay increasing.
    private var lastID: [String: StreamEntryID] = [:]

    init(client: RedisClient) {
        self.client = client
    }

    /// The logged vector of `position` in `generation` (no NaN, so rows compare with `==`).
    static func features(generation: GenerationID, position: Int) -> [Float] {
        (0..<FeatureSchema.current.count).map { Float(generation.rawValue % 997) + Float(position) / 8 + Float($0) / 1024 }
    }

    /// `SET`s the feature log of `generation` holding `posts` at positions 0…n−1.
    func writeFeatureLog(user: UserID, generation: GenerationID, posts: [PostID]) async throws {
        let count = FeatureSchema.current.count
        let items = posts.enumerated().map { position, post in
            RankedItem(post: post, author: AuthorID(post.rawValue % 50 + 1), mediaType: .text, position: position,
                       score: 1, rawScore: 1, reason: CandidateSource.allCases[0])
        }
        let values = posts.indices.flatMap { Self.features(generation: generation, position: $0) }
        let bytes = FeatureLogFormat.encode(
            generation: generation, items: items, matrix: FeatureMatrix(columnCount: count, values: values),
            rowOf: Array(posts.indices))
        try await client.execute("SET", keys.featureLog(user, generation), bytes, "EX", 3_600)
    }

    /// The id for an entry at `milliseconds` on `stream` (after the stream's last one).
    private mutating func nextID(_ stream: String, _ milliseconds: Int64) -> StreamEntryID {
        var id = StreamEntryID(milliseconds: UInt64(milliseconds))
        if let last = lastID[stream], id <= last { id = StreamEntryID(milliseconds: last.milliseconds, sequence: last.sequence + 1) }
        lastID[stream] = id
        return id
    }

    /// Appends `impression` as the page script would, with the entry id at `servedAt` (+ `delay`).
    @discardableResult
    mutating func add(_ impression: ImpressionRecord, delay: Int64 = 0) async throws -> StreamEntryID {
        let key = keys.impressions(for: impression.user)
        let id = nextID(key.rawValue, impression.servedAt + delay)
        try await client.execute(
            "XADD", key, id.description, "req", impression.requestID.rawValue, "user", impression.user.rawValue,
            "gen", impression.generation.rawValue, "items", impression.items.map { String($0.post.rawValue) }.joined(separator: ","),
            "pos", impression.items.map { String($0.position) }.joined(separator: ","),
            "t", Double(impression.servedAt) / 1000, "model", impression.modelVersion)
        return id
    }

    /// Appends `action` as the action script would: client time = `action.time`, received (and
    /// entry id) `delay` ms later.
    @discardableResult
    mutating func add(_ action: ActionRecord, delay: Int64 = 0) async throws -> StreamEntryID {
        let key = keys.actions(for: action.user)
        let id = nextID(key.rawValue, action.time + delay)
        try await client.execute(
            "XADD", key, id.description, "user", action.user.rawValue, "event", action.clientEventID,
            "req", action.requestID?.rawValue ?? 0, "item", action.post.rawValue, "action", action.action.rawValue,
            "ct", Double(action.time) / 1000, "dwell", action.dwellMillis, "t", Double(action.time + delay) / 1000)
        return id
    }

    /// Appends a raw entry (e.g. a malformed one) to the impressions stream.
    mutating func addRawImpression(at milliseconds: Int64, fields: [String]) async throws {
        let key = keys.impressionShards[0]
        let id = nextID(key.rawValue, milliseconds)
        try await client.execute(RedisCommand("XADD", arguments: [key, id.description] + fields))
    }

    /// Redis's clock, Unix ms.
    func serverTime() async throws -> Int64 {
        let reply = try await client.execute("TIME").array ?? []
        return (reply[0].int ?? 0) * 1000 + (reply[1].int ?? 0) / 1000
    }

    /// Entries delivered to `group` and not acknowledged, over every shard.
    func pending(group: String = "prefeed-join") async throws -> Int {
        var total = 0
        for key in keys.impressionShards + keys.actionShards {
            let reply = try await client.execute("XPENDING", key, group)
            total += Int(reply.array?.first?.int ?? 0)
        }
        return total
    }
}

/// Row order for comparisons.
func rowKey(_ row: TrainingRow) -> String {
    "\(row.servedAt)/\(row.requestID.rawValue)/\(row.position)/\(row.post.rawValue)"
}

/// Warnings and worse only.
let quietLogger: Logger = {
    var logger = Logger(label: "test.join")
    logger.logLevel = .warning
    return logger
}()

/// A fresh temporary directory.
func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("join-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
