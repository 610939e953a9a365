import FeedLearning
import Metrics

/// The join's swift-metrics, created once per run. Counters advance by what this process did (a
/// restored checkpoint's totals are not re-counted). No user or shard dimension.
///
/// | metric | type | dimensions |
/// | --- | --- | --- |
/// | `prefeed_join_entries_total` | counter | `stream` = impressions / actions |
/// | `prefeed_join_impressions_total` | counter | `outcome` = accepted / duplicate |
/// | `prefeed_join_actions_total` | counter | `outcome` = attributed / late / orphan / duplicate |
/// | `prefeed_join_rows_total` | counter | — (rows emitted) |
/// | `prefeed_join_negatives_dropped_total` | counter | — |
/// | `prefeed_join_missing_features_total` | counter | — (rows without a logged vector) |
/// | `prefeed_join_missing_feature_logs_total` | counter | — (generations whose log was gone) |
/// | `prefeed_join_malformed_entries_total` | counter | — |
/// | `prefeed_join_trimmed_shards_total` | counter | — (shards that lost entries to `MAXLEN` before the join read them) |
/// | `prefeed_join_commits_total` | counter | — |
/// | `prefeed_join_watermark_lag_seconds` | gauge | — (Redis time − watermark) |
struct StreamJoinMetrics: Sendable {
    let impressionEntries = Counter(label: "prefeed_join_entries_total", dimensions: [("stream", "impressions")])
    let actionEntries = Counter(label: "prefeed_join_entries_total", dimensions: [("stream", "actions")])
    let impressions = Counter(label: "prefeed_join_impressions_total", dimensions: [("outcome", "accepted")])
    let duplicateImpressions = Counter(label: "prefeed_join_impressions_total", dimensions: [("outcome", "duplicate")])
    let attributed = Counter(label: "prefeed_join_actions_total", dimensions: [("outcome", "attributed")])
    let late = Counter(label: "prefeed_join_actions_total", dimensions: [("outcome", "late")])
    let orphans = Counter(label: "prefeed_join_actions_total", dimensions: [("outcome", "orphan")])
    let duplicates = Counter(label: "prefeed_join_actions_total", dimensions: [("outcome", "duplicate")])
    let rows = Counter(label: "prefeed_join_rows_total")
    let negativesDropped = Counter(label: "prefeed_join_negatives_dropped_total")
    let missingFeatures = Counter(label: "prefeed_join_missing_features_total")
    let missingFeatureLogs = Counter(label: "prefeed_join_missing_feature_logs_total")
    let malformed = Counter(label: "prefeed_join_malformed_entries_total")
    let trimmedShards = Counter(label: "prefeed_join_trimmed_shards_total")
    let commits = Counter(label: "prefeed_join_commits_total")
    let watermarkLag = Gauge(label: "prefeed_join_watermark_lag_seconds")

    /// Adds what changed between two snapshots of the join's counters.
    func record(from old: JoinCounters, to new: JoinCounters) {
        func add(_ counter: Counter, _ delta: Int) { if delta > 0 { counter.increment(by: Int64(delta)) } }
        add(impressions, new.impressions - old.impressions)
        add(duplicateImpressions, new.duplicateImpressions - old.duplicateImpressions)
        add(attributed, new.attributed - old.attributed)
        add(late, new.late - old.late)
        add(orphans, new.orphans - old.orphans)
        add(duplicates, new.duplicates - old.duplicates)
        add(rows, new.rowsEmitted - old.rowsEmitted)
        add(negativesDropped, new.negativesDropped - old.negativesDropped)
        add(missingFeatures, new.missingFeatures - old.missingFeatures)
    }
}
