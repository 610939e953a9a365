import FeedCore
import PrefeedRedis

/// Reads logged feature vectors of given positions of generations' feature logs **kept in Redis by
/// earlier versions** (`{u:<id>}:flog:<gen>`; generations written since then log to segment files,
/// ``FeatureLogSegmentReader``), in two pipelined round trips: one `GETRANGE` of each log's 32-byte header, then per run
/// of consecutive positions one `GETRANGE` of the item records (to check the post) and one of the
/// feature rows. A whole log (~160 KB) is never fetched for a page of ~20 items.
///
/// A log that is absent (expired, never written, or replaced before it was served) or malformed
/// is reported in ``Result/missingLogs``; its positions simply have no entry.
public struct FeatureLogReader: Sendable {
    /// The positions wanted from one generation of one user.
    public struct Request: Hashable, Sendable {
        public var user: UserID
        public var generation: GenerationID
        public var positions: [Int]

        /// Positions `positions` of `user`'s `generation`.
        public init(user: UserID, generation: GenerationID, positions: [Int]) {
            self.user = user
            self.generation = generation
            self.positions = positions
        }
    }

    /// One logged item: its post and its feature vector as served.
    public struct Entry: Hashable, Sendable {
        public var post: PostID
        public var features: [Float]
    }

    /// What was found.
    public struct Result: Sendable {
        /// Vectors by user, generation and position (generation ids are unique per user only).
        public var entries: [UserID: [GenerationID: [Int: Entry]]] = [:]
        /// Requested generations whose log is absent or malformed.
        public var missingLogs = 0
        /// Round trips used.
        public var roundTrips = 0
    }

    public let client: RedisClient
    public let keys: FeedKeys
    /// Most commands per pipeline.
    public var pipelineLimit = 2_000

    /// A reader of the logs of the layout `keys`.
    public init(client: RedisClient, keys: FeedKeys) {
        self.client = client
        self.keys = keys
    }

    /// Reads every position of `requests` (requests of one generation are merged).
    public func read(_ requests: [Request]) async throws -> Result {
        var positionsByLog: [LogKey: Set<Int>] = [:]
        for request in requests {
            positionsByLog[LogKey(user: request.user, generation: request.generation), default: []]
                .formUnion(request.positions.filter { $0 >= 0 })
        }
        let logs = positionsByLog.keys.sorted { ($0.user, $0.generation) < ($1.user, $1.generation) }
        var result = Result()
        guard !logs.isEmpty else { return result }

        let headerReplies = try await run(logs.map {
            RedisCommand("GETRANGE", keys.featureLog($0.user, $0.generation), 0, FeatureLogFormat.headerSize - 1)
        }, result: &result)
        var ranges: [(log: LogKey, run: ClosedRange<Int>, header: FeatureLogFormat.Header)] = []
        for (log, reply) in zip(logs, headerReplies) {
            guard let header = FeatureLogFormat.header(reply.bytes ?? [], generation: log.generation) else {
                result.missingLogs += 1
                continue
            }
            for run in FeatureLogFormat.runs(of: positionsByLog[log]!, below: header.itemCount) {
                ranges.append((log, run, header))
            }
        }
        var commands: [RedisCommand] = []
        for range in ranges {
            let key = keys.featureLog(range.log.user, range.log.generation)
            let count = range.header.featureCount
            let items = range.header.itemCount
            commands.append(RedisCommand(
                "GETRANGE", key, FeatureLogFormat.itemOffset(position: range.run.lowerBound),
                FeatureLogFormat.itemOffset(position: range.run.upperBound + 1) - 1))
            commands.append(RedisCommand(
                "GETRANGE", key,
                FeatureLogFormat.featureOffset(position: range.run.lowerBound, itemCount: items, featureCount: count),
                FeatureLogFormat.featureOffset(position: range.run.upperBound + 1, itemCount: items, featureCount: count) - 1))
        }
        let replies = try await run(commands, result: &result)
        for (index, range) in ranges.enumerated() {
            let entries = FeatureLogFormat.entries(
                run: range.run, records: replies[2 * index].bytes ?? [], features: replies[2 * index + 1].bytes ?? [],
                featureCount: range.header.featureCount)
            result.entries[range.log.user, default: [:]][range.log.generation, default: [:]].merge(entries) { _, new in new }
        }
        return result
    }

    private struct LogKey: Hashable {
        var user: UserID
        var generation: GenerationID
    }

    /// Sends `commands` in pipelines of at most `pipelineLimit`; a failed command throws.
    private func run(_ commands: [RedisCommand], result: inout Result) async throws -> [RedisReply] {
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        var start = 0
        while start < commands.count {
            let end = min(commands.count, start + max(1, pipelineLimit))
            for reply in await client.pipeline(Array(commands[start..<end])) { replies.append(try reply.get()) }
            result.roundTrips += 1
            start = end
        }
        return replies
    }

}
