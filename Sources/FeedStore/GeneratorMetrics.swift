import FeedCore
import Metrics

/// The generator's metrics, created once per generator. Labels are bounded (sources, statuses).
struct GeneratorMetrics: Sendable {
    let written: Counter
    let superseded: Counter
    let failed: Counter
    let batchDuration: Timer
    let roundTrips: Counter
    let candidates: [CandidateSource: Recorder]

    init() {
        written = Counter(label: "prefeed_generations_total", dimensions: [("status", "written")])
        superseded = Counter(label: "prefeed_generations_total", dimensions: [("status", "superseded")])
        failed = Counter(label: "prefeed_generations_total", dimensions: [("status", "failed")])
        batchDuration = Timer(label: "prefeed_generation_batch_seconds")
        roundTrips = Counter(label: "prefeed_generation_redis_round_trips_total")
        var candidates: [CandidateSource: Recorder] = [:]
        for source in CandidateSource.allCases {
            candidates[source] = Recorder(label: "prefeed_generation_candidates", dimensions: [("source", source.rawValue)])
        }
        self.candidates = candidates
    }
}

extension Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
