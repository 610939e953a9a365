import Metrics

/// The scheduler's metrics, created once. Dimensions are bounded (reason).
///
/// | metric | type | dimensions |
/// | --- | --- | --- |
/// | `prefeed_schedule_jobs_total` | counter | `reason` = missing / stale / dirty / model |
/// | `prefeed_schedule_already_queued_total` | counter | — |
/// | `prefeed_schedule_scanned_total` | counter | — (active users checked) |
/// | `prefeed_schedule_pass_duration` | timer | — |
/// | `prefeed_schedule_backlog_waits_total` | counter | — (pauses because workers are behind) |
public struct SchedulerMetrics: Sendable {
    let enqueued: [ScheduleReason: Counter]
    let alreadyQueued: Counter
    let scanned: Counter
    let pass: Timer
    let backlogWaits: Counter

    /// Creates every metric through the bootstrapped `MetricsSystem` factory.
    public init() {
        enqueued = Dictionary(uniqueKeysWithValues: ScheduleReason.allCases.map {
            ($0, Counter(label: "prefeed_schedule_jobs_total", dimensions: [("reason", $0.rawValue)]))
        })
        alreadyQueued = Counter(label: "prefeed_schedule_already_queued_total")
        scanned = Counter(label: "prefeed_schedule_scanned_total")
        pass = Timer(label: "prefeed_schedule_pass_duration")
        backlogWaits = Counter(label: "prefeed_schedule_backlog_waits_total")
    }
}
