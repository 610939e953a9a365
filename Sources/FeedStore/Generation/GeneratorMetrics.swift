import FeedCore
import Metrics

/// The generator's metrics, created once per generator. Labels are bounded (sources, statuses).
///
/// | metric | type | dimensions |
/// | --- | --- | --- |
/// | `prefeed_generations_total` | counter | `status` = written / superseded / failed |
/// | `prefeed_generation_batch_seconds` | timer | — |
/// | `prefeed_generation_redis_round_trips_total` | counter | — |
/// | `prefeed_generation_candidates` | recorder | `source` (per feed, after ranking's filters) |
/// | `prefeed_generation_selected_candidates_total` | counter | `source` (chosen per batch, ``SelectionSummary``) |
/// | `prefeed_generation_thin_feeds_total` | counter | — (feeds below ``GeneratorConfiguration/thinFeedItems`` items) |
/// | `prefeed_generation_empty_feeds_total` | counter | — |
/// | `prefeed_generation_thin_feed_share` | gauge | — (the last batch's share of thin feeds) |
/// | `prefeed_generation_timeline_cache_total` | counter | `result` = hit / miss / stale (per distinct author per batch) |
struct GeneratorMetrics: Sendable {
    let written: Counter
    let superseded: Counter
    let failed: Counter
    let batchDuration: Timer
    let roundTrips: Counter
    let candidates: [CandidateSource: Recorder]
    /// Candidates chosen per source, summed over batches (``SelectionSummary``).
    let selectedCandidates: [CandidateSource: Counter]
    /// Feeds with fewer than `thinFeedItems` items, and with none.
    let thinFeeds: Counter
    let emptyFeeds: Counter
    /// The last batch's share of thin feeds.
    let thinFeedShare: Gauge
    let thinFeedLog = LogThrottle(interval: .seconds(60))
    /// Followed timelines answered by the process cache, read because absent, read again because changed.
    let timelineCacheHits: Counter
    let timelineCacheMisses: Counter
    let timelineCacheStale: Counter

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
        var selected: [CandidateSource: Counter] = [:]
        for source in CandidateSource.allCases {
            selected[source] = Counter(label: "prefeed_generation_selected_candidates_total", dimensions: [("source", source.rawValue)])
        }
        selectedCandidates = selected
        thinFeeds = Counter(label: "prefeed_generation_thin_feeds_total")
        emptyFeeds = Counter(label: "prefeed_generation_empty_feeds_total")
        thinFeedShare = Gauge(label: "prefeed_generation_thin_feed_share")
        timelineCacheHits = Counter(label: "prefeed_generation_timeline_cache_total", dimensions: [("result", "hit")])
        timelineCacheMisses = Counter(label: "prefeed_generation_timeline_cache_total", dimensions: [("result", "miss")])
        timelineCacheStale = Counter(label: "prefeed_generation_timeline_cache_total", dimensions: [("result", "stale")])
    }
}

extension Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
