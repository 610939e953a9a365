import FeedCore
import FeedLearning

extension JoinCounters {
    /// Adds another join's counters (the loop runs one joiner per user).
    mutating func add(_ other: JoinCounters) {
        impressions += other.impressions
        duplicateImpressions += other.duplicateImpressions
        impressedItems += other.impressedItems
        actions += other.actions
        attributed += other.attributed
        duplicates += other.duplicates
        late += other.late
        orphans += other.orphans
        rowsEmitted += other.rowsEmitted
        negativesDropped += other.negativesDropped
        missingFeatures += other.missingFeatures
        for action in ActionType.heads { positives[action] += other.positives[action] }
    }
}
