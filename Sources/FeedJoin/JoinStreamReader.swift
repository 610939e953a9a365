import FeedStore
import Logging
import PrefeedRedis

/// Reads every impression and action shard for one join run, one round at a time.
///
/// - Live: `XGROUP CREATE … MKSTREAM` (once) and `XGROUP SETID` to the manifest's position, so the
///   group's `>` delivers exactly the entries after the last commit whatever the pending list
///   says; entries still pending at or before it (committed, not yet acknowledged when the last
///   run died) are acknowledged. Each round pipelines `TIME` and `XREADGROUP … COUNT n STREAMS … >`
///   over chunks of shards.
/// - Backfill: `XRANGE (position end COUNT n` per shard; the group is not touched.
///
/// After a round, ``bound(of:)`` says up to which time (ms) a shard has been read: the last entry's
/// time, or the server time before the read when the shard was drained (every later entry gets a
/// later id).
struct JoinStreamReader: Sendable {
    enum Kind: Sendable { case impressions, actions }

    struct Shard: Sendable {
        var key: RedisKey
        var kind: Kind
        /// The last entry handed to the join.
        var position: StreamEntryID
        /// The last millisecond to read (backfill), inclusive.
        var end: Int64?
        /// Every entry before this time (ms) has been read.
        var bound: Int64 = .min
        /// Backfill: nothing left up to `end`. Live: the last read returned less than `COUNT`.
        var drained = false
    }

    /// One round's entries by shard index.
    struct Round: Sendable {
        var serverTime: Int64
        var entries: [(shard: Int, entries: [StreamEntry])] = []
        var count = 0
    }

    let client: RedisClient
    let configuration: StreamJoinConfiguration
    let logger: Logger
    private(set) var shards: [Shard]
    private let indexByKey: [String: Int]
    private static let maxSequence = UInt64.max

    /// The shards of `configuration.keys`, positioned after `positions` (the manifest's).
    init(client: RedisClient, configuration: StreamJoinConfiguration, positions: [String: String], serverTime: Int64,
         logger: Logger) throws {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        var shards: [Shard] = []
        let kinds = configuration.keys.impressionShards.map { ($0, Kind.impressions) }
            + configuration.keys.actionShards.map { ($0, Kind.actions) }
        for (key, kind) in kinds {
            var start = StreamEntryID.zero
            var end: Int64?
            if case .backfill(let from, let to) = configuration.mode {
                start = from > 0 ? StreamEntryID(milliseconds: UInt64(from - 1), sequence: Self.maxSequence) : .zero
                let last = kind == .impressions ? to : to + configuration.join.windowMillis
                end = min(last, serverTime - configuration.lagMillis)
            }
            if let text = positions[key.rawValue] {
                guard let id = StreamEntryID(text) else {
                    throw StreamJoinError("the manifest's position \(text) of \(key) is not a stream id")
                }
                start = max(start, id)
            }
            shards.append(Shard(key: key, kind: kind, position: start, end: end))
        }
        self.shards = shards
        indexByKey = Dictionary(uniqueKeysWithValues: shards.enumerated().map { ($0.element.key.rawValue, $0.offset) })
    }

    var isLive: Bool {
        if case .live = configuration.mode { return true }
        return false
    }

    /// Whether every shard was drained (live) or exhausted (backfill) by the last round.
    var allDrained: Bool { shards.allSatisfy(\.drained) }

    /// Creates the groups and points them at the positions; acknowledges what is pending up to them.
    func prepare() async throws {
        guard isLive else { return }
        let group = configuration.group
        var commands: [RedisCommand] = []
        for shard in shards {
            commands.append(RedisCommand("XGROUP", "CREATE", shard.key, group, shard.position.description, "MKSTREAM"))
            commands.append(RedisCommand("XGROUP", "SETID", shard.key, group, shard.position.description))
        }
        for chunk in chunks(commands, size: 2_000) {
            for result in await client.pipeline(Array(chunk)) {
                if case .failure(let error) = result, error.serverPrefix != "BUSYGROUP" { throw error }
            }
        }
        var remaining = Array(shards.indices)
        var acknowledged = 0
        while !remaining.isEmpty {
            var next: [Int] = []
            var acks: [RedisCommand] = []
            for chunk in chunks(remaining, size: 1_000) {
                let replies = await client.pipeline(chunk.map {
                    RedisCommand("XPENDING", shards[$0].key, group, "-", shards[$0].position.description, 1_000)
                })
                for (index, reply) in zip(chunk, replies) {
                    let ids = try reply.get().array?.compactMap { $0.array?.first?.string } ?? []
                    guard !ids.isEmpty else { continue }
                    acks.append(RedisCommand("XACK", arguments: [shards[index].key, group] + ids))
                    acknowledged += ids.count
                    if ids.count == 1_000 { next.append(index) }
                }
            }
            for chunk in chunks(acks, size: 1_000) {
                for result in await client.pipeline(Array(chunk)) { _ = try result.get() }
            }
            remaining = next
        }
        if acknowledged > 0 {
            logger.info("acknowledged entries committed by an earlier run", metadata: ["join.acknowledged": "\(acknowledged)"])
        }
    }

    /// Reads the next entries of every shard that may have some.
    mutating func read() async throws -> Round {
        let count = configuration.readCount
        var commands = [RedisCommand("TIME")]
        var plan: [[Int]] = []
        if isLive {
            // On a cluster each shard is in a slot of its own: one XREADGROUP per shard (the client
            // spreads them over the nodes, one round trip per node).
            let keysPerRead = client.isCluster ? 1 : max(1, configuration.keysPerRead)
            for chunk in chunks(Array(shards.indices), size: keysPerRead) {
                var arguments: [any RedisArgument] = ["GROUP", configuration.group, configuration.consumer, "COUNT", count, "STREAMS"]
                arguments += chunk.map { shards[$0].key } as [any RedisArgument]
                arguments += chunk.map { _ in ">" } as [any RedisArgument]
                commands.append(RedisCommand("XREADGROUP", arguments: arguments))
                plan.append(Array(chunk))
            }
        } else {
            for index in shards.indices where !shards[index].drained {
                let shard = shards[index]
                commands.append(RedisCommand(
                    "XRANGE", shard.key, "(" + shard.position.description, String(shard.end ?? 0), "COUNT", count))
                plan.append([index])
            }
        }
        let replies = await client.pipeline(commands)
        let time = try replies[0].get().array ?? []
        guard time.count == 2, let seconds = time[0].int, let micros = time[1].int else {
            throw StreamJoinError("TIME returned \(String(describing: try? replies[0].get()))")
        }
        var round = Round(serverTime: seconds * 1000 + micros / 1000)
        var read: [Int: [StreamEntry]] = [:]
        for (chunk, reply) in zip(plan, replies.dropFirst()) {
            let value = try reply.get()
            if isLive {
                for stream in value.array ?? [] {
                    guard let parts = stream.array, parts.count == 2, let name = parts[0].string,
                        let index = indexByKey[name], let entries = StreamEntry.entries(of: parts[1])
                    else { throw StreamJoinError("XREADGROUP returned a malformed stream: \(stream)") }
                    read[index] = entries
                }
            } else {
                guard let entries = StreamEntry.entries(of: value) else {
                    throw StreamJoinError("XRANGE returned a malformed reply: \(value)")
                }
                read[chunk[0]] = entries
            }
        }
        let planned = Set(plan.joined())
        for index in shards.indices where planned.contains(index) {
            let entries = read[index] ?? []
            if let last = entries.last {
                shards[index].position = last.id
                round.entries.append((index, entries))
                round.count += entries.count
            }
            shards[index].drained = entries.count < count
            if isLive {
                shards[index].bound = shards[index].drained
                    ? max(shards[index].bound, round.serverTime)
                    : max(shards[index].bound, Int64(clamping: entries.last!.id.milliseconds))
            } else {
                shards[index].bound = shards[index].drained
                    ? .max : max(shards[index].bound, Int64(clamping: entries.last!.id.milliseconds))
            }
        }
        return round
    }

    /// The join's next watermark: live, the earliest shard bound minus the lag; backfill, the earliest
    /// bound, at most one past the last action millisecond to read.
    var watermark: Int64 {
        let earliest = shards.map(\.bound).min() ?? .min
        if isLive { return earliest == .min ? .min : earliest - configuration.lagMillis }
        let last = shards.filter { $0.kind == .actions }.compactMap(\.end).max() ?? earliest
        return min(earliest, last + 1)
    }

    /// Acknowledges `ids` of each shard (live only).
    func acknowledge(_ ids: [Int: [StreamEntryID]]) async throws {
        guard isLive else { return }
        var commands: [RedisCommand] = []
        for (index, list) in ids.sorted(by: { $0.key < $1.key }) {
            for chunk in chunks(list, size: 1_000) {
                commands.append(RedisCommand(
                    "XACK", arguments: [shards[index].key, configuration.group] + chunk.map(\.description)))
            }
        }
        for chunk in chunks(commands, size: 1_000) {
            for result in await client.pipeline(Array(chunk)) { _ = try result.get() }
        }
    }

    /// Shards whose stream deleted (trimmed) an entry after the last one read: entries the join
    /// never saw (`max-deleted-entry-id` of `XINFO STREAM`, Redis ≥ 7).
    func trimmedShards() async throws -> [RedisKey] {
        var trimmed: [RedisKey] = []
        for chunk in chunks(Array(shards.indices), size: 1_000) {
            let replies = await client.pipeline(chunk.map { RedisCommand("XINFO", "STREAM", shards[$0].key) })
            for (index, reply) in zip(chunk, replies) {
                guard case .success(let value) = reply, let fields = value.array else { continue }
                var cursor = 0
                while cursor + 1 < fields.count {
                    if fields[cursor].string == "max-deleted-entry-id", let text = fields[cursor + 1].string,
                        let deleted = StreamEntryID(text)
                    {
                        let shard = shards[index]
                        let end = shard.end.map { StreamEntryID(milliseconds: UInt64(max(0, $0)), sequence: Self.maxSequence) }
                        if deleted > shard.position, end.map({ shard.position < $0 }) ?? true { trimmed.append(shard.key) }
                    }
                    cursor += 2
                }
            }
        }
        return trimmed
    }

    private func chunks<T>(_ items: [T], size: Int) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: size).map { items[$0..<min(items.count, $0 + size)] }
    }
}
