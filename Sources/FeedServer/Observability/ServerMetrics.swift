import Prometheus
import Synchronization

/// The read path's metrics, created once in one Prometheus registry (the same registry
/// `prefeed serve` installs as the swift-metrics backend). Labels are bounded: route templates,
/// methods, status classes and page sources — never a user id.
public final class ServerMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// Pages served from the pre-generated snapshot.
    let pagesCache: Counter
    /// Pages served after an inline generation on a miss.
    let pagesInline: Counter
    /// Pages served from the fallback on a miss.
    let pagesFallback: Counter
    /// Pages whose `after` was unknown or expired (restarted at the first unseen item).
    let pagesRestarted: Counter
    /// Impression records written (one per non-empty page).
    let impressionsWritten: Counter
    /// Actions appended to the actions stream.
    let actionsWritten: Counter
    /// Actions dropped as duplicates of an earlier client event id.
    let actionsDuplicate: Counter
    /// New actions recorded in the stream only, changing no counter, by reason.
    let actionsUnserved: Counter
    let actionsRepeated: Counter
    /// Action batches refused by the per-user rate limit (429).
    let actionsRateLimited: Counter
    /// Requests that failed on a Redis error (unavailable → 503, error reply → 500).
    let redisErrors: Counter
    /// Inline generations started on misses, and misses refused one at the cap.
    let inlineStarted: Counter
    let inlineRefused: Counter
    /// Most inline generations that ran at once since start (to size the cap).
    let inlinePeak: Gauge
    /// Regeneration jobs enqueued by the read path.
    let jobsEnqueued: Counter
    private let histograms: Mutex<[String: DurationHistogram]>

    static let buckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(5),
    ]

    static var latency: MetricNameDescriptor {
        MetricNameDescriptor(
        namespace: "prefeed", subsystem: "http", metricName: "request_duration", unitName: "seconds",
        helpText: "HTTP request latency by route template, method and status class.")
    }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        func counter(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Counter {
            registry.makeCounter(
                descriptor: MetricNameDescriptor(namespace: "prefeed", metricName: name, unitName: "total", helpText: help),
                labels: labels)
        }
        let pages = "Feed pages served, by source."
        pagesCache = counter("feed_pages", pages, [("source", "cache")])
        pagesInline = counter("feed_pages", pages, [("source", "inline")])
        pagesFallback = counter("feed_pages", pages, [("source", "fallback")])
        pagesRestarted = counter("feed_pages_restarted", "Pages whose after item was unknown or expired.")
        impressionsWritten = counter("impressions_written", "Impression records written.")
        actionsWritten = counter("actions_written", "Actions appended to the actions stream.")
        actionsDuplicate = counter("actions_duplicate", "Actions ignored as repeats of a client event id.")
        let uncounted = "New actions recorded but not counted in engagement, by reason."
        actionsUnserved = counter("actions_uncounted", uncounted, [("reason", "unserved")])
        actionsRepeated = counter("actions_uncounted", uncounted, [("reason", "repeat")])
        actionsRateLimited = counter("actions_rate_limited", "Action batches refused by the per-user rate limit.")
        redisErrors = counter("redis_errors", "Requests failed on a Redis error (unavailable: 503; error reply or malformed reply: 500).")
        inlineStarted = counter("inline_generations_started", "Inline generations started on feed misses.")
        inlineRefused = counter("inline_generations_refused", "Feed misses served the fallback because the inline generation cap was reached.")
        inlinePeak = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "prefeed", metricName: "inline_generations_peak", unitName: "",
                helpText: "Most inline generations that ran at once since start."))
        jobsEnqueued = counter("read_path_jobs_enqueued", "Regeneration jobs queued by the read path.")
        histograms = Mutex([:])
    }

    /// Records one request's latency under its route template.
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let statusClass = "\(status / 100)xx"
        let key = "\(method) \(route) \(statusClass)"
        let histogram = histograms.withLock { histograms in
            if let existing = histograms[key] { return existing }
            let created = registry.makeDurationHistogram(
                descriptor: Self.latency,
                labels: [("route", route), ("method", method), ("status", statusClass)], buckets: Self.buckets)
            histograms[key] = created
            return created
        }
        histogram.record(duration)
    }

    /// The Prometheus text exposition of every metric in the registry.
    func render() -> [UInt8] { registry.emitToBuffer() }
}
