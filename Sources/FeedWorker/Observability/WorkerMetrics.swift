import FeedCore
import Metrics

/// The worker's metrics, created once per process and shared by its loops. Dimensions are bounded
/// (priority, outcome, candidate source): never a user id.
///
/// | metric | type | dimensions |
/// | --- | --- | --- |
/// | `prefeed_jobs_total` | counter | `priority`, `outcome` = done / failed / dead_letter |
/// | `prefeed_queue_lag_seconds` | gauge | `priority` (age of the oldest unfinished job) |
/// | `prefeed_queue_length` | gauge | `priority` (unfinished jobs) |
/// | `prefeed_queue_pending` | gauge | `priority` (delivered, not yet acknowledged) |
/// | `prefeed_generation_duration` | timer | — (per feed: batch time / feeds in the batch) |
/// | `prefeed_generation_batch_duration` | timer | — |
/// | `prefeed_job_latency` | timer | `priority` (enqueued → done) |
/// | `prefeed_candidates_per_feed` | recorder | `source` |
/// | `prefeed_redis_round_trips_per_feed` | gauge | — (all of the worker's round trips, queue included, per feed over the last metrics interval) |
/// | `prefeed_generation_round_trips_per_feed` | recorder | — (as the generator reports them) |
/// | `prefeed_worker_redis_errors_total` | counter | — |
/// | `prefeed_model_reloads_total` | counter | — |
public struct WorkerMetrics: Sendable {
    let done: [JobPriority: Counter]
    let failed: [JobPriority: Counter]
    let deadLettered: [JobPriority: Counter]
    let lag: [JobPriority: Gauge]
    let length: [JobPriority: Gauge]
    let pending: [JobPriority: Gauge]
    let jobLatency: [JobPriority: Timer]
    let generation: Timer
    let batch: Timer
    let candidates: [CandidateSource: Recorder]
    let roundTripsPerFeed: Gauge
    let generationRoundTrips: Recorder
    let redisErrors: Counter
    let modelReloads: Counter

    /// Creates every metric through the bootstrapped `MetricsSystem` factory.
    public init() {
        func byPriority<M>(_ make: (JobPriority) -> M) -> [JobPriority: M] {
            Dictionary(uniqueKeysWithValues: JobPriority.allCases.map { ($0, make($0)) })
        }
        done = byPriority { Counter(label: "prefeed_jobs_total", dimensions: [("priority", $0.name), ("outcome", "done")]) }
        failed = byPriority { Counter(label: "prefeed_jobs_total", dimensions: [("priority", $0.name), ("outcome", "failed")]) }
        deadLettered = byPriority {
            Counter(label: "prefeed_jobs_total", dimensions: [("priority", $0.name), ("outcome", "dead_letter")])
        }
        lag = byPriority { Gauge(label: "prefeed_queue_lag_seconds", dimensions: [("priority", $0.name)]) }
        length = byPriority { Gauge(label: "prefeed_queue_length", dimensions: [("priority", $0.name)]) }
        pending = byPriority { Gauge(label: "prefeed_queue_pending", dimensions: [("priority", $0.name)]) }
        jobLatency = byPriority { Timer(label: "prefeed_job_latency", dimensions: [("priority", $0.name)]) }
        generation = Timer(label: "prefeed_generation_duration")
        batch = Timer(label: "prefeed_generation_batch_duration")
        candidates = Dictionary(uniqueKeysWithValues: CandidateSource.allCases.map {
            ($0, Recorder(label: "prefeed_candidates_per_feed", dimensions: [("source", $0.rawValue)]))
        })
        roundTripsPerFeed = Gauge(label: "prefeed_redis_round_trips_per_feed")
        generationRoundTrips = Recorder(label: "prefeed_generation_round_trips_per_feed")
        redisErrors = Counter(label: "prefeed_worker_redis_errors_total")
        modelReloads = Counter(label: "prefeed_model_reloads_total")
    }

    func record(depths: [QueueDepth]) {
        for depth in depths {
            lag[depth.priority]?.record(depth.oldestAge)
            length[depth.priority]?.record(depth.length)
            pending[depth.priority]?.record(depth.pending)
        }
    }
}
