import ArgumentParser
import FeedCore
import FeedJoin
import FeedLearning
import FeedStore
import FeedWorker
import Foundation
import Logging
import PrefeedRedis
import Synchronization

/// `prefeed join`: the impression–action join over the read path's Redis streams, exactly once.
struct JoinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Join impressions and actions from the Redis streams into training rows (exactly once).",
        discussion: """
            Reads every impressions and actions shard through a consumer group, attributes actions to the \
            impressions they follow within --window, and writes one row per impressed item with the features \
            of its generation's feature log when the window closes. Rows, the join state and the stream \
            positions are committed together (manifest.json): a killed join restarted on the same --out \
            neither repeats nor loses a row. --once drains what is there and exits; without it the join runs \
            until SIGTERM. --backfill joins the impressions served in [--from, --to] with XRANGE, leaving the \
            group alone. See docs/LEARNING.md.
            """)

    @OptionGroup var redis: RedisOptions

    @OptionGroup var metrics: MetricsOptions

    @OptionGroup var featureLog: FeatureLogOptions

    @Option(help: "Output directory (rows partitioned by served hour, manifest.json, checkpoints).")
    var out = "var/rows"

    @Option(help: "Attribution window: a number with ms, s, m, h or d (at most 14d).")
    var window = "24h"

    @Option(help: "Fraction of all-negative rows kept, in (0, 1]; kept rows carry weight 1/rate.")
    var sampleRate = 1.0

    @Option(help: "Row format: jsonl or csv.")
    var format = "jsonl"

    @Flag(help: "Drain the streams, close the windows up to the watermark, commit and exit.")
    var once = false

    @Flag(help: "Join the impressions served in [--from, --to] (with their actions up to --to + window), then exit.")
    var backfill = false

    @Option(help: "Backfill start: ISO-8601 UTC (2026-11-25T10:00:00Z) or Unix seconds.")
    var from: String?

    @Option(help: "Backfill end (inclusive), same forms as --from.")
    var to: String?

    @Option(help: "Watermark lag behind the streams (same units as --window).")
    var lag = "10s"

    @Option(help: "Entries read per shard per round.")
    var batch = 2_000

    @Option(help: "Longest time between commits while entries come in (same units as --window; 0 = every round).")
    var commitInterval = "30s"

    @Option(help: "Consumer group on the streams (one join per group).")
    var group = "prefeed-join"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .notice

    @Option(help: ArgumentHelp("Pause after each round, ms (crash tests).", visibility: .hidden))
    var pauseAfterRoundMs = 0

    func validate() throws {
        let windowMillis = try Self.duration(window, flag: "--window")
        guard windowMillis > 0, windowMillis <= JoinConfiguration.maximumWindowMillis else {
            throw ValidationError("--window \(window) is not in (0, 14d]")
        }
        guard sampleRate > 0, sampleRate <= 1 else {
            throw ValidationError("--sample-rate \(sampleRate) is not in (0, 1]")
        }
        guard TrainingRowFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be jsonl or csv, not \(format)")
        }
        guard try Self.duration(lag, flag: "--lag") >= 0, try Self.duration(commitInterval, flag: "--commit-interval") >= 0
        else { throw ValidationError("--lag and --commit-interval must not be negative") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        if backfill {
            guard !once else { throw ValidationError("--backfill always stops at the end of its range: drop --once") }
            guard let from, let to else { throw ValidationError("--backfill needs --from and --to") }
            let start = try Self.time(from, flag: "--from")
            let end = try Self.time(to, flag: "--to")
            guard start <= end else { throw ValidationError("--from \(from) is after --to \(to)") }
        } else if from != nil || to != nil {
            throw ValidationError("--from and --to only go with --backfill")
        }
        _ = try redis.configuration()
    }

    func run() async throws {
        var logger = Logger(label: "prefeed.join")
        logger.logLevel = logLevel
        let exporter = metrics.bootstrap(logger: logger)
        let client = try redis.client(name: "prefeed-join", connections: 2, logger: logger)
        defer { client.shutdown() }

        let mode: StreamJoinMode
        if backfill, let from, let to {
            mode = .backfill(from: try Self.time(from, flag: "--from"), to: try Self.time(to, flag: "--to"))
        } else {
            mode = .live(once: once)
        }
        let join = try JoinConfiguration(
            windowMillis: try Self.duration(window, flag: "--window"), negativeSamplingRate: sampleRate)
        var configuration = StreamJoinConfiguration(
            directory: URL(fileURLWithPath: out), format: TrainingRowFormat(rawValue: format) ?? .jsonl, join: join,
            mode: mode, keys: redis.keys)
        configuration.group = group
        configuration.featureLogDirectory = featureLog.directory
        configuration.readCount = batch
        configuration.lagMillis = try Self.duration(lag, flag: "--lag")
        configuration.commitInterval = .milliseconds(try Self.duration(commitInterval, flag: "--commit-interval"))
        configuration.pauseAfterRound = .milliseconds(pauseAfterRoundMs)
        let streamJoin = StreamJoin(client: client, configuration: configuration, logger: logger)

        let summary: StreamJoinSummary
        switch mode {
        case .backfill:
            let bar = Mutex((bar: ProgressBar(label: "backfill", unit: "stream-s"), completed: 0, total: 0))
            summary = try await streamJoin.run { progress in
                bar.withLock { state in
                    state.completed = progress.coveredSeconds
                    state.total = progress.totalSeconds
                    state.bar.update(completed: progress.coveredSeconds, total: progress.totalSeconds)
                }
            }
            bar.withLock { state in
                let (completed, total) = (state.completed, state.total)
                state.bar.update(completed: completed, total: total, force: true)
                state.bar.finish()
            }
        case .live(once: true):
            summary = try await streamJoin.run()
        case .live(once: false):
            let service = JoinService(join: streamJoin)
            try await ServiceRunner.run(service, alongside: exporter?.services ?? [], shutdownTimeout: nil, logger: logger)
            guard let result = service.summary else { throw ValidationError("the join stopped without a summary") }
            summary = result
        }
        exporter?.writeFile()
        emit(summary.description)
    }

    /// Milliseconds of `text`: a number followed by ms, s, m, h or d.
    static func duration(_ text: String, flag: String) throws -> Int64 {
        let units: [(String, Double)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            // "5ms" must not be read as "5m" + "s".
            if suffix == "s", number.hasSuffix("m") { continue }
            guard let value = Double(number), value.isFinite, value >= 0, value * scale < 1e15 else { break }
            return Int64((value * scale).rounded())
        }
        if text == "0" { return 0 }
        throw ValidationError("\(flag) \(text): expected a number with a unit ms, s, m, h or d (e.g. 24h)")
    }

    /// Unix milliseconds of an ISO-8601 UTC time or of Unix seconds.
    static func time(_ text: String, flag: String) throws -> Int64 {
        if let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds < 1e11 {
            return Int64((seconds * 1000).rounded())
        }
        let formatter = ISO8601DateFormatter()
        for options in [ISO8601DateFormatter.Options.withInternetDateTime, [.withInternetDateTime, .withFractionalSeconds]] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        throw ValidationError("\(flag) \(text): expected ISO-8601 UTC (2026-11-25T10:00:00Z) or Unix seconds")
    }
}
