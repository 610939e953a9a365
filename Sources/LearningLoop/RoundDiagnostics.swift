import FeedCore
import FeedLearning
import FeedWorld

/// What a round's environment looked like, to tell the ranking apart from the world it ranked:
/// the simulated time, the posts released, the followed inventory left to each reader when their
/// feed was generated (and what a perfect ranker could have served from it), and the level of
/// the engagement features the models saw.
public struct RoundDiagnostics: Sendable, Hashable, Codable {
    /// Simulated time at the start of the round (the wall clock when time is compressed).
    public var startTime = 0.0
    /// Hours from the end of the world's history to the start of the round (simulated, or wall
    /// clock when time is compressed).
    public var elapsedHours = 0.0
    /// Posts released during the round (written through `POST /v1/posts`).
    public var releasedPosts = 0
    /// Readers whose inventory was measured, and the Σ over them of unseen posts by followed
    /// authors from the generator's recent window (3 days) when their feed was generated.
    public var inventoryReaders = 0
    public var unseenFollowedPosts = 0
    /// Readers with at least one such post, and Σ over them of the mean ground-truth expected
    /// value of their best `pages × page size` unseen followed posts: an oracle ranking of
    /// followed posts alone.
    public var oracleReaders = 0
    public var oracleValue = 0.0
    /// Mean `post_log_engagements_1h` / `_1d` over the round's rows (features as served; NaN skipped).
    public var meanPostLogEngagements1h = Double.nan
    public var meanPostLogEngagements1d = Double.nan

    public init() {}

    /// Mean unseen followed posts per reader.
    public var meanUnseenFollowed: Double {
        inventoryReaders > 0 ? Double(unseenFollowedPosts) / Double(inventoryReaders) : .nan
    }
    /// Mean oracle expected value per impression over readers.
    public var oracleValuePerImpression: Double { oracleReaders > 0 ? oracleValue / Double(oracleReaders) : .nan }

    /// Adds `user`'s followed inventory at `time`: posts of the authors they follow created in
    /// `[time − window, time]` and not in `served`, and the oracle value of the best `depth` of them.
    mutating func addInventory(
        world: World, user: UserID, time: Double, window: Double, served: Set<PostID>, depth: Int
    ) {
        let reader = Int64(user.rawValue)
        var values: [Double] = []
        for author in world.follows.followees(of: reader) where world.follows.follows(reader, author, at: time) {
            for post in world.posts.ids(by: author, from: time - window, through: time) where !served.contains(PostID(UInt64(post))) {
                guard let p = world.actionProbabilities(user: reader, post: post, at: time) else { continue }
                values.append(SimulatedReaction.expectedValue(p, weights: .default))
            }
        }
        inventoryReaders += 1
        unseenFollowedPosts += values.count
        guard !values.isEmpty else { return }
        let best = values.sorted(by: >).prefix(depth)
        oracleReaders += 1
        oracleValue += best.reduce(0, +) / Double(best.count)
    }

    /// Sets the feature means from the round's rows.
    mutating func measureFeatures(_ rows: [TrainingRow]) {
        func mean(_ name: String) -> Double {
            guard let index = FeatureSchema.current.index(of: name) else { return .nan }
            var sum = 0.0
            var count = 0
            for row in rows where index < row.features.count && !row.features[index].isNaN {
                sum += Double(row.features[index])
                count += 1
            }
            return count > 0 ? sum / Double(count) : .nan
        }
        meanPostLogEngagements1h = mean("post_log_engagements_1h")
        meanPostLogEngagements1d = mean("post_log_engagements_1d")
    }
}
