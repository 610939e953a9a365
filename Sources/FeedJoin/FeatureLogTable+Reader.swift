import FeedLearning
import FeedStore

extension FeatureLogTable {
    /// The vectors `FeatureLogReader` found, as a lookup for the join.
    public init(_ result: FeatureLogReader.Result) {
        self.init()
        for (user, generations) in result.entries {
            for (generation, entries) in generations {
                for (position, entry) in entries {
                    insert(user: user, generation: generation, position: position, post: entry.post, features: entry.features)
                }
            }
        }
    }
}
