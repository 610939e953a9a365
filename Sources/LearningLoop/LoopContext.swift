import FeedCore
import FeedLearning
import FeedStore
import FeedWorld
import Foundation
import PrefeedRedis
import PrefeedTestSupport

/// What a loop run works with: the world (which grows as posts are released), the schedule and
/// clock, the Redis client, the read path's address, the users with their arms and tokens, and
/// where files go.
struct LoopContext: Sendable {
    var world: World
    var schedule: LoopSchedule
    var clock: SimulatedClock
    var client: RedisClient
    var keys: FeedKeys
    var store: ModelStore
    var http: LoopbackHTTPClient
    var users: [UserID]
    var arms: [UserID: LoopArm]
    var tokens: [UserID: String]
    var join: JoinConfiguration
    var output: URL
    /// The feature-log segments the worker, the read path's inline generations and the control
    /// generator append to, and the round join reads.
    var featureLog: FeatureLogSegmentWriter
    var featureLogReader: FeatureLogSegmentReader
}

/// What the loop carries from one round to the next.
struct LoopState: Sendable {
    /// The model treatment feeds are ranked with, and its version.
    var model = BaselineModel.valueModel()
    var version = BaselineModel.version
    /// Every row joined so far, per round.
    var rowsByRound: [[TrainingRow]] = []

    /// The rows of the last `window` rounds (all when 0).
    func rows(window: Int) -> [TrainingRow] {
        Array((window > 0 ? rowsByRound.suffix(window) : rowsByRound[...]).joined())
    }
    /// Posts are released up to this time.
    var releasedUntil = 0.0
    /// Items served to each user so far (for the inventory diagnostics).
    var served: [UserID: Set<PostID>] = [:]
    /// Stream positions consumed so far, per shard.
    var impressionPositions: [String: String] = [:]
    var actionPositions: [String: String] = [:]
}
