import FeedCore
import FeedWorld
import Foundation
import Logging
import PrefeedRedis

/// `prefeed load`: imports users, follows, posts, actions and logins from a world directory
/// (JSONL or CSV, as written by FeedWorld) in pipelined batches.
///
/// - Bad rows are reported with file, line and reason; good rows still load.
/// - Idempotent: set-like data is written with `ZADD`/`HSET` of values taken from the rows, and
///   every counter (follower counts, engagement buckets, affinities, popular/trending scores) is
///   aggregated from the whole file in memory and written as an absolute value at the end. So
///   re-loading the same files rewrites the same values and changes nothing. (Deduplicating
///   increments per action would need a Redis set of every action id: more memory, same result.)
/// - Actions must name a post of the posts file loaded in the same run (the loader maps posts to
///   authors in memory); others are reported as bad rows.
/// - Timelines, login histories and engagement buckets are trimmed relative to the newest time in
///   the files, not the wall clock, so a historical world loads whole.
public struct FeedLoader: Sendable {
    let client: RedisClient
    let commands: SourceCommands
    let logger: Logger
    /// Commands per pipeline.
    public var batchSize: Int
    /// Bad rows kept in the summary (all are counted).
    public var maxReportedIssues: Int
    /// Added to every user, author and post id of the files (0: ids as written). Benchmarks use
    /// 10¹⁸ to measure the layout with 19-digit, snowflake-like ids from the same world.
    public var idOffset: Int64 = 0

    var keys: FeedKeys { commands.keys }

    /// A loader writing through `client` with the layout of `keys`.
    public init(client: RedisClient, keys: FeedKeys = FeedKeys(), logger: Logger, batchSize: Int = 4_000,
                maxReportedIssues: Int = 1_000) {
        self.client = client
        self.commands = SourceCommands(keys: keys)
        self.logger = logger
        self.batchSize = batchSize
        self.maxReportedIssues = maxReportedIssues
    }

    /// Loads every load file found in `directory`. `format` `nil` takes it from `world.json`, else
    /// from the files present. `progress` receives a line about twice a second per file.
    public func load(
        directory: URL, format: LoadFileFormat? = nil, progress: @escaping @Sendable (LoadProgress) -> Void = { _ in }
    ) async throws -> LoadSummary {
        let started = ContinuousClock.now
        let manifest = try? JSONDecoder().decode(
            WorldManifest.self, from: Data(contentsOf: directory.appendingPathComponent(WorldWriter.manifestFileName)))
        let format = format ?? manifest?.format ?? Self.detectFormat(in: directory)
        let options = RowParseOptions(topicDimension: manifest?.topicDimension)
        var run = LoadRun(loader: self, directory: directory, format: format, options: options, progress: progress)
        try await run.loadAll()
        run.summary.seconds = (ContinuousClock.now - started).seconds
        logger.info("load finished", metadata: [
            "load.rows": "\(run.summary.loadedRows)", "load.rejected": "\(run.summary.rejectedRows)",
            "load.seconds": "\(run.summary.seconds)",
        ])
        return run.summary
    }

    static func detectFormat(in directory: URL) -> LoadFileFormat {
        for format in LoadFileFormat.allCases {
            let path = directory.appendingPathComponent(LoadFile.users.fileName(format: format)).path
            if FileManager.default.fileExists(atPath: path) { return format }
        }
        return .jsonl
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
