import FeedCore
import FeedLearning
import FeedStore
import Foundation
import Logging
import PrefeedRedis
import ServiceLifecycle

/// `prefeed join` over Redis: reads the impression and action shards, joins them with the pure
/// ``Joiner``, and commits rows, join state and stream positions together, exactly once.
///
/// **Exactly once.** Each commit is one ``TrainingRowWriter/commit(_:coveredPositions:checkpoint:counters:)``:
/// the row files and the encoded `JoinState` are written atomically, then `manifest.json` is
/// replaced atomically, naming them and the last entry id consumed on every shard. Only then are
/// the consumed entries `XACK`ed. On start the writer deletes files no manifest names, the join
/// state is restored from the manifest's checkpoint, and every shard's group is pointed back
/// (`XGROUP SETID`) at the manifest's position, so entries consumed after the last commit are
/// delivered again — whatever the pending list says. A kill at any point therefore repeats at most
/// the uncommitted work, whose rows were never in the manifest.
///
/// **Watermark.** After each round the join's watermark moves to the earliest per-shard bound
/// (``JoinStreamReader``) minus ``StreamJoinConfiguration/lagMillis``; windows closing by it are
/// emitted with features read from the generations' feature logs (``FeatureLogReader``).
public struct StreamJoin: Sendable {
    public let client: RedisClient
    public let configuration: StreamJoinConfiguration
    public let logger: Logger
    private let metrics = StreamJoinMetrics()
    private let segments: FeatureLogSegmentReader?
    /// Most impressions closed per feature-log fetch (bounds the memory of prefetched vectors).
    private static let closeBatch = 5_000

    /// A join writing to `configuration.directory`.
    public init(client: RedisClient, configuration: StreamJoinConfiguration, logger: Logger) {
        self.segments = configuration.featureLogDirectory.map { FeatureLogSegmentReader(directory: $0) }
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// Backfill progress: stream time covered of the range, in seconds.
    public struct Progress: Sendable {
        public var coveredSeconds: Int
        public var totalSeconds: Int
        public var entriesRead: Int
    }

    /// Runs until the streams are drained (`once`, backfill) or a graceful shutdown (continuous).
    public func run(progress: (@Sendable (Progress) -> Void)? = nil) async throws -> StreamJoinSummary {
        let directory = configuration.directory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StreamJoinError("cannot create \(directory.path): \(error)")
        }
        let lock = try DirectoryLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        var writer = try TrainingRowWriter(directory: directory, format: configuration.format)
        var joiner = try restoreJoiner(writer)
        let positions = writer.manifest.coveredPositions
        let modeName = configuration.mode.manifestName
        if let mode = positions[Self.modeKey], mode != modeName {
            throw StreamJoinError("\(directory.path) was written by a \(mode) join, not \(modeName): use another --out")
        }
        if case .live = configuration.mode, let group = positions[Self.groupKey], group != configuration.group {
            throw StreamJoinError("\(directory.path) was joined through group \(group), not \(configuration.group)")
        }
        let start = try await serverTime()
        var reader = try JoinStreamReader(
            client: client, configuration: configuration, positions: positions, serverTime: start, logger: logger)
        try await reader.prepare()

        var summary = StreamJoinSummary(counters: joiner.counters)
        try await checkTrimming(reader, summary: &summary)
        var rows: [TrainingRow] = []
        var consumed: [Int: [StreamEntryID]] = [:]
        var dirty = false
        var lastCommit = ContinuousClock.now
        var reported = joiner.counters
        let finite: Bool
        switch configuration.mode {
        case .live(let once): finite = once
        case .backfill: finite = true
        }
        logger.info("join started", metadata: [
            "join.mode": "\(modeName)", "join.shards": "\(reader.shards.count)",
            "join.resumed_commit": "\(writer.manifest.commit)", "join.open_impressions": "\(joiner.state.openImpressionCount)",
        ])

        while true {
            let round = try await reader.read()
            for (index, entries) in round.entries {
                let kind = reader.shards[index].kind
                for entry in entries {
                    switch kind {
                    case .impressions:
                        guard let impression = StreamRecordDecoder.impression(entry) else {
                            malformed(entry, reader.shards[index].key, &summary)
                            continue
                        }
                        joiner.add(impression)
                    case .actions:
                        guard let action = StreamRecordDecoder.action(entry) else {
                            malformed(entry, reader.shards[index].key, &summary)
                            continue
                        }
                        joiner.add(action)
                    }
                }
                (kind == .impressions ? metrics.impressionEntries : metrics.actionEntries).increment(by: Int64(entries.count))
                if case .live = configuration.mode { consumed[index, default: []] += entries.map(\.id) }
            }
            summary.entriesRead += round.count
            dirty = dirty || round.count > 0
            let target = reader.watermark
            if target > joiner.watermark {
                let before = joiner.counters
                let emitted = try await advance(&joiner, to: target, summary: &summary)
                rows += emitted
                // A bare watermark move is recomputed after a restart: no commit needed for it alone.
                dirty = dirty || !emitted.isEmpty || joiner.counters != before
            }
            metrics.record(from: reported, to: joiner.counters)
            reported = joiner.counters
            if joiner.watermark != .min {
                metrics.watermarkLag.record(Double(round.serverTime - joiner.watermark) / 1000)
            }
            let finished = finite && reader.allDrained
            let stopping = Task.isShuttingDownGracefully || Task.isCancelled
            let due = ContinuousClock.now - lastCommit >= configuration.commitInterval || rows.count >= configuration.commitRows
            if dirty && (finished || stopping || due) {
                try await commit(&writer, rows: rows, joiner: joiner, reader: reader, consumed: consumed, summary: &summary)
                rows = []
                consumed = [:]
                dirty = false
                lastCommit = ContinuousClock.now
            }
            if let progress, case .backfill(let from, let to) = configuration.mode {
                let covered = min(reader.watermark, to + configuration.join.windowMillis) - from
                progress(Progress(
                    coveredSeconds: Int(max(0, covered) / 1000),
                    totalSeconds: Int(max(0, to + configuration.join.windowMillis - from) / 1000),
                    entriesRead: summary.entriesRead))
            }
            if finished || stopping { break }
            if configuration.pauseAfterRound > .zero { try? await Task.sleep(for: configuration.pauseAfterRound) }
            if round.count == 0 {
                try? await Task.sleep(for: configuration.pollInterval)
            }
        }
        summary.counters = joiner.counters
        summary.watermark = joiner.watermark
        summary.openImpressions = joiner.state.openImpressionCount
        summary.totalRows = writer.manifest.totalRows
        logger.info("\(summary)")
        return summary
    }

    // MARK: Steps

    static let modeKey = "join.mode"
    static let groupKey = "join.group"

    private func restoreJoiner(_ writer: TrainingRowWriter) throws -> Joiner {
        guard let data = try writer.checkpoint() else { return Joiner(configuration: configuration.join) }
        let state = try JoinState.restore(checkpoint: data)
        let saved = state.configuration
        guard saved == configuration.join else {
            throw StreamJoinError("""
                \(configuration.directory.path) was joined with window \(saved.windowMillis) ms, sample rate \
                \(saved.negativeSamplingRate), \(saved.featureCount) features; this run asks for window \
                \(configuration.join.windowMillis) ms, sample rate \(configuration.join.negativeSamplingRate), \
                \(configuration.join.featureCount) features: use the same flags or another --out
                """)
        }
        return Joiner(restoring: state)
    }

    /// Moves the join to `target`, fetching the feature logs of the impressions that close, in
    /// steps of at most `closeBatch` impressions (impressions closing at the same time stay together).
    private func advance(_ joiner: inout Joiner, to target: Int64, summary: inout StreamJoinSummary) async throws -> [TrainingRow] {
        let window = joiner.configuration.windowMillis
        let needs = joiner.featureNeeds(closingBy: target)
        let closing = needs.map(\.impression)
        guard !closing.isEmpty else { return joiner.advance(to: target, features: FeatureLogTable()) }
        var rows: [TrainingRow] = []
        var start = 0
        while start < closing.count {
            var end = start
            while end < closing.count {
                let deadline = closing[end].servedAt + window
                var groupEnd = end
                while groupEnd < closing.count, closing[groupEnd].servedAt + window == deadline { groupEnd += 1 }
                if end > start, groupEnd - start > Self.closeBatch { break }
                end = groupEnd
            }
            let step = end < closing.count ? closing[end - 1].servedAt + window : target
            let table = try await features(of: needs[start..<end], summary: &summary)
            rows += joiner.advance(to: step, features: table)
            start = end
        }
        if joiner.watermark < target { rows += joiner.advance(to: target, features: FeatureLogTable()) }
        return rows
    }

    /// The vectors of the needed items (the sampler's negatives, positives, items with pending
    /// actions), read from their generations' feature logs.
    private func features(of needs: ArraySlice<Joiner.FeatureNeed>, summary: inout StreamJoinSummary) async throws -> FeatureLogTable {
        let reader = FeatureLogSources(segments: segments, legacy: FeatureLogReader(client: client, keys: configuration.keys))
        let result = try await reader.read(needs.filter { !$0.items.isEmpty }.map {
            FeatureLogReader.Request(
                user: $0.impression.user, generation: $0.impression.generation, positions: $0.items.map(\.position))
        })
        if result.missingLogs > 0 {
            summary.missingFeatureLogs += result.missingLogs
            metrics.missingFeatureLogs.increment(by: Int64(result.missingLogs))
            logger.debug("feature logs gone", metadata: ["join.missing_logs": "\(result.missingLogs)"])
        }
        return FeatureLogTable(result)
    }

    private func commit(
        _ writer: inout TrainingRowWriter, rows: [TrainingRow], joiner: Joiner, reader: JoinStreamReader,
        consumed: [Int: [StreamEntryID]], summary: inout StreamJoinSummary
    ) async throws {
        var positions: [String: String] = [Self.modeKey: configuration.mode.manifestName]
        if case .live = configuration.mode { positions[Self.groupKey] = configuration.group }
        for shard in reader.shards where shard.position != .zero {
            positions[shard.key.rawValue] = shard.position.description
        }
        try writer.commit(rows, coveredPositions: positions, checkpoint: try joiner.state.checkpointData(),
                          counters: joiner.counters)
        // Durable: the entries may now leave the pending list.
        try await reader.acknowledge(consumed)
        summary.rowsWritten += rows.count
        summary.commits += 1
        metrics.commits.increment()
        logger.info("committed", metadata: [
            "join.commit": "\(writer.manifest.commit)", "join.rows": "\(rows.count)",
            "join.watermark": "\(joiner.watermark)", "join.open_impressions": "\(joiner.state.openImpressionCount)",
        ])
        try await checkTrimming(reader, summary: &summary)
    }

    private func checkTrimming(_ reader: JoinStreamReader, summary: inout StreamJoinSummary) async throws {
        for key in try await reader.trimmedShards() where !summary.trimmedShards.contains(key.rawValue) {
            summary.trimmedShards.append(key.rawValue)
            metrics.trimmedShards.increment()
            logger.error("entries were trimmed (MAXLEN) before the join read them: rows are missing", metadata: [
                "join.stream": "\(key)",
            ])
        }
    }

    private func malformed(_ entry: StreamEntry, _ key: RedisKey, _ summary: inout StreamJoinSummary) {
        summary.malformedEntries += 1
        metrics.malformed.increment()
        logger.warning("skipping a malformed stream entry", metadata: ["join.stream": "\(key)", "join.entry": "\(entry.id)"])
    }

    private func serverTime() async throws -> Int64 {
        let reply = try await client.execute("TIME").array ?? []
        guard reply.count == 2, let seconds = reply[0].int, let micros = reply[1].int else {
            throw StreamJoinError("TIME returned \(reply)")
        }
        return seconds * 1000 + micros / 1000
    }
}
