import Metrics

/// The warm-up run's metrics, created once. Dimensions are bounded (`reason`), never a user id.
///
/// | metric | type | dimensions |
/// | --- | --- | --- |
/// | `prefeed_warmup_users_scored_total` | counter | — |
/// | `prefeed_warmup_jobs_total` | counter | — (jobs queued at `warmup` priority) |
/// | `prefeed_warmup_skipped_total` | counter | `reason` = unlikely / fresh / already_queued / budget / no_history |
/// | `prefeed_warmup_budget_used` | gauge | — (jobs taken from this clock hour's budget, all runs) |
/// | `prefeed_warmup_budget_limit` | gauge | — (the hourly budget; absent when unlimited) |
/// | `prefeed_warmup_pass_duration` | timer | — |
public struct WarmupMetrics: Sendable {
    /// Why a scanned user got no job.
    public enum SkipReason: String, Sendable, CaseIterable {
        case unlikely
        case fresh
        case alreadyQueued = "already_queued"
        case budget
        case noHistory = "no_history"
    }

    let scored: Counter
    let enqueued: Counter
    let skipped: [SkipReason: Counter]
    let budgetUsed: Gauge
    let budgetLimit: Gauge
    let pass: Timer

    /// Creates every metric through `factory` (the bootstrapped `MetricsSystem` one by default).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        scored = Counter(label: "prefeed_warmup_users_scored_total", factory: factory)
        enqueued = Counter(label: "prefeed_warmup_jobs_total", factory: factory)
        skipped = Dictionary(uniqueKeysWithValues: SkipReason.allCases.map {
            ($0, Counter(label: "prefeed_warmup_skipped_total", dimensions: [("reason", $0.rawValue)], factory: factory))
        })
        budgetUsed = Gauge(label: "prefeed_warmup_budget_used", factory: factory)
        budgetLimit = Gauge(label: "prefeed_warmup_budget_limit", factory: factory)
        pass = Timer(label: "prefeed_warmup_pass_duration", factory: factory)
    }

    /// Counts one pass's outcome.
    func record(_ summary: WarmupPassSummary) {
        scored.increment(by: summary.scored)
        enqueued.increment(by: summary.enqueued)
        skipped[.unlikely]?.increment(by: summary.unlikely)
        skipped[.fresh]?.increment(by: summary.fresh)
        skipped[.alreadyQueued]?.increment(by: summary.alreadyQueued)
        skipped[.budget]?.increment(by: summary.budgetSkipped)
        skipped[.noHistory]?.increment(by: summary.noHistory)
        budgetUsed.record(summary.budgetUsed)
        if let limit = summary.budgetLimit { budgetLimit.record(limit) }
    }
}
