import FeedCore
import FeedStore
import Logging
import Metrics
import PrefeedRedis
import ServiceLifecycle
import Synchronization

/// Folds the impressions streams into the posts' and authors' hourly impression buckets — the
/// denominators of the engagement-rate features (`post_ctr_1d`, …) — so the rates the generator
/// computes in production are the ones the learning loop and the join see.
///
/// A consumer group of its own (``ImpressionCounterConfiguration/group``) on every impressions
/// shard, independent of the join's: each round reads up to `readCount` new entries per shard
/// (`XREADGROUP … >`, several shards per command on one node, one per command on a cluster), looks
/// up the authors of posts not in its cache (`HGET {p:<id>}:post a`, one pipeline), adds the
/// counts summed per (post, hour) and (author, hour), then acknowledges the entries.
///
/// **At least once**: entries are acknowledged after their counts are written; a counter that dies
/// in between counts them again when it restarts (it first re-reads its own pending entries with
/// `0`). Counters are rates' denominators, so a rare double count is tolerated; a lost one is not.
/// Run one counter per deployment (a fixed consumer name), next to the workers.
public struct ImpressionCounter: Service {
    public let client: RedisClient
    public let keys: FeedKeys
    public let configuration: ImpressionCounterConfiguration
    let logger: Logger
    let writer: SourceDataWriter
    let metrics = ImpressionCounterMetrics()
    private let tally = CounterTally()

    /// Entries and impressions counted so far by this counter.
    public var counted: Round { tally.total.withLock { $0 } }

    public init(client: RedisClient, keys: FeedKeys, configuration: ImpressionCounterConfiguration = .init(), logger: Logger) {
        self.client = client
        self.keys = keys
        self.configuration = configuration
        self.logger = logger
        self.writer = SourceDataWriter(client: client, keys: keys, logger: logger)
    }

    /// Counts until graceful shutdown (or, with ``ImpressionCounterConfiguration/once``, until
    /// every shard is drained); Redis errors pause it with backoff, they do not end it.
    public func run() async throws {
        let retry = RetryUntilShutdown(backoff: Backoff(base: .milliseconds(100), maximum: .seconds(5)), logger: logger)
        var authors = AuthorCache(capacity: configuration.authorCacheSize)
        do {
            try await retry.run { try await createGroups() }
            // Entries delivered to this consumer before a crash and never acknowledged come first.
            var pending = true
            while !RetryUntilShutdown.isStopping {
                let counted = try await retry.run { [authors] in
                    var cache = authors
                    let result = try await round(startID: pending ? "0" : ">", authors: &cache)
                    return (result, cache)
                }
                authors = counted.1
                if pending && counted.0.entries == 0 { pending = false; continue }
                if counted.0.entries == 0 {
                    if configuration.once { break }
                    await RetryUntilShutdown.sleep(configuration.pollInterval)
                }
            }
        } catch is CancellationError {
            return
        }
    }

    /// What one round read and wrote.
    public struct Round: Sendable, Hashable {
        public var entries = 0
        public var impressions = 0

        public init(entries: Int = 0, impressions: Int = 0) {
            self.entries = entries
            self.impressions = impressions
        }
    }

    /// Creates the group on every shard (at the start of each stream: existing entries are counted).
    func createGroups() async throws {
        let commands = keys.impressionShards.map {
            RedisCommand("XGROUP", "CREATE", $0, configuration.group, "0", "MKSTREAM")
        }
        for chunk in stride(from: 0, to: commands.count, by: 2_000) {
            for result in await client.pipeline(Array(commands[chunk..<min(commands.count, chunk + 2_000)])) {
                if case .failure(let error) = result, error.serverPrefix != "BUSYGROUP" { throw error }
            }
        }
    }

    /// One pass over every shard: read, count, write, acknowledge.
    func round(startID: String, authors: inout AuthorCache) async throws -> Round {
        let shards = keys.impressionShards
        let perCommand = client.isCluster ? 1 : max(1, configuration.keysPerRead)
        var reads: [RedisCommand] = []
        for start in stride(from: 0, to: shards.count, by: perCommand) {
            let chunk = shards[start..<min(shards.count, start + perCommand)]
            var arguments: [any RedisArgument] = [
                "GROUP", configuration.group, configuration.consumer, "COUNT", configuration.readCount, "STREAMS",
            ]
            arguments += chunk.map { $0 } as [any RedisArgument]
            arguments += chunk.map { _ in startID } as [any RedisArgument]
            reads.append(RedisCommand("XREADGROUP", arguments: arguments))
        }
        var delivered: [(shard: String, id: String, items: [PostID], time: Double)] = []
        for result in await client.pipeline(reads) {
            for stream in try result.get().array ?? [] {
                guard let parts = stream.array, parts.count == 2, let shard = parts[0].string else { continue }
                for entry in parts[1].array ?? [] {
                    guard let pair = entry.array, pair.count == 2, let id = pair[0].string else { continue }
                    let (items, time) = Self.decode(pair[1])
                    delivered.append((shard, id, items, time))
                }
            }
        }
        guard !delivered.isEmpty else { return Round() }

        let unknown = Array(Set(delivered.flatMap(\.items)).filter { authors[$0] == nil })
        for chunk in stride(from: 0, to: unknown.count, by: 2_000) {
            for (post, author) in try await writer.authors(of: Array(unknown[chunk..<min(unknown.count, chunk + 2_000)])) {
                authors[post] = author
            }
        }
        var counts: [ImpressionCount] = []
        var missingAuthors = 0
        for entry in delivered {
            for post in entry.items {
                if let author = authors[post] {
                    counts.append(ImpressionCount(post: post, author: author, time: entry.time))
                } else {
                    missingAuthors += 1
                }
            }
        }
        try await writer.recordImpressionCounts(counts)

        var byShard: [String: [String]] = [:]
        for entry in delivered { byShard[entry.shard, default: []].append(entry.id) }
        let acks = byShard.map { shard, ids in
            RedisCommand("XACK", arguments: [shard, configuration.group] + ids.map { $0 as any RedisArgument })
        }
        for result in await client.pipeline(acks) { _ = try result.get() }

        tally.total.withLock {
            $0.entries += delivered.count
            $0.impressions += counts.count
        }
        logger.debug("impressions counted", metadata: ["counter.entries": "\(delivered.count)", "counter.impressions": "\(counts.count)"])
        metrics.entries.increment(by: delivered.count)
        metrics.impressions.increment(by: counts.count)
        metrics.unknownPosts.increment(by: missingAuthors)
        return Round(entries: delivered.count, impressions: counts.count)
    }

    /// The item ids (`items`, comma-separated) and time (`t`, Unix seconds) of an impression entry.
    static func decode(_ fields: RedisReply) -> (items: [PostID], time: Double) {
        guard let flat = fields.array else { return ([], 0) }
        var items: [PostID] = []
        var time = 0.0
        var index = 0
        while index + 1 < flat.count {
            switch flat[index].string {
            case "items":
                items = (flat[index + 1].string ?? "").split(separator: ",").compactMap { UInt64($0).map(PostID.init) }
            case "t":
                time = flat[index + 1].double ?? 0
            default:
                break
            }
            index += 2
        }
        return (items, time)
    }
}

/// Post → author, bounded: emptied when full (posts are immutable, so a stale entry cannot be wrong).
struct AuthorCache: Sendable {
    let capacity: Int
    private var authors: [PostID: AuthorID] = [:]

    init(capacity: Int) { self.capacity = max(1, capacity) }

    subscript(post: PostID) -> AuthorID? {
        get { authors[post] }
        set {
            if authors.count >= capacity { authors.removeAll(keepingCapacity: true) }
            authors[post] = newValue
        }
    }
}

/// Totals shared by copies of the counter.
final class CounterTally: Sendable {
    let total = Mutex(ImpressionCounter.Round())
}

/// The counter's metrics.
struct ImpressionCounterMetrics: Sendable {
    let entries = Counter(label: "prefeed_impression_counter_entries_total")
    let impressions = Counter(label: "prefeed_impression_counter_impressions_total")
    let unknownPosts = Counter(label: "prefeed_impression_counter_unknown_posts_total")
}
