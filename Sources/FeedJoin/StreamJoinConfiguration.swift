import FeedLearning
import FeedStore
import Foundation

/// Everything a stream join run needs besides its Redis client and logger.
public struct StreamJoinConfiguration: Sendable {
    /// The output directory (rows, manifest, checkpoints).
    public var directory: URL
    /// Row file format; an existing directory must have the same.
    public var format: TrainingRowFormat
    /// Window, sampling rate, feature count; a resumed directory must have been started with the same.
    public var join: JoinConfiguration
    /// Live (once or continuous) or backfill.
    public var mode: StreamJoinMode
    /// Key layout: which impression and action shards exist.
    public var keys: FeedKeys
    /// The feature-log segment directory the generators write (``FeatureLogSegmentWriter``); `nil`
    /// reads only the feature logs an earlier version kept in Redis.
    public var featureLogDirectory: URL?
    /// Consumer group on every shard (live mode). One join process per group.
    public var group = "prefeed-join"
    /// Consumer name inside the group.
    public var consumer = "join"
    /// Entries read per shard per round (`COUNT`).
    public var readCount = 2_000
    /// Keys per `XREADGROUP` command (shards are read in pipelined chunks).
    public var keysPerRead = 256
    /// Subtracted from the stream-derived watermark, to cover the difference between the read
    /// path's clock (the `t` fields) and Redis's (the entry ids), and short upload delays.
    public var lagMillis: Int64 = 10_000
    /// Longest time between commits while entries keep coming (`0`: commit after every round).
    public var commitInterval: Duration = .seconds(30)
    /// Commit early once this many rows wait in memory.
    public var commitRows = 200_000
    /// Sleep after a round that read nothing (continuous mode).
    public var pollInterval: Duration = .milliseconds(500)
    /// Pause after each round (crash tests: stretches a short run).
    public var pauseAfterRound: Duration = .zero

    /// A configuration writing `format` rows to `directory`.
    public init(
        directory: URL, format: TrainingRowFormat, join: JoinConfiguration, mode: StreamJoinMode,
        keys: FeedKeys = FeedKeys()
    ) {
        self.directory = directory
        self.format = format
        self.join = join
        self.mode = mode
        self.keys = keys
    }
}
