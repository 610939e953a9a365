import FeedCore
import Foundation
import Logging
import PrefeedRedis
import ServiceLifecycle

/// `prefeed schedule`: queues, at a bounded rate, the feeds of active users that are due.
///
/// Each pass trims the active-user index (users inactive longer than
/// ``SchedulerConfiguration/inactiveAfter`` are dropped: never regenerated, their feed keys expire by
/// TTL), scans it with `ZSCAN`, reads the feed state of each page of users in one pipeline, and
/// queues at ``JobPriority/scheduled`` those missing, ranked by an older model, dirty, or stale
/// (``ScheduleReason``). Users already queued are skipped by their pending marker, so overlapping
/// passes or several schedulers are harmless. Queueing pauses while the scheduled backlog exceeds
/// ``SchedulerConfiguration/maxBacklog``.
public struct Scheduler: Service, CustomStringConvertible {
    /// The queue jobs go to.
    public let queue: JobQueue
    /// The active-user index.
    public let activity: ActivityIndex
    /// The feed state reader.
    public let freshness: any FeedFreshnessReading
    /// How to pick and pace.
    public let configuration: SchedulerConfiguration
    private let currentModelVersion: @Sendable () async throws -> String?
    private let metrics: SchedulerMetrics
    private let logger: Logger

    /// - Parameter currentModelVersion: the version new feeds are ranked with (`nil`: skip the model check).
    public init(
        queue: JobQueue, activity: ActivityIndex, freshness: any FeedFreshnessReading,
        configuration: SchedulerConfiguration = SchedulerConfiguration(), metrics: SchedulerMetrics = SchedulerMetrics(),
        logger: Logger, currentModelVersion: @escaping @Sendable () async throws -> String?
    ) {
        self.queue = queue
        self.activity = activity
        self.freshness = freshness
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.currentModelVersion = currentModelVersion
    }

    /// A short name for service-lifecycle logs.
    public var description: String { "Scheduler(rate \(configuration.rate)/s)" }

    public func run() async throws {
        logger.info("scheduler starting", metadata: [
            "schedule.rate": "\(configuration.rate)", "schedule.max_age": "\(configuration.maxAge)",
            "schedule.inactive_after": "\(configuration.inactiveAfter)", "redis": "\(queue.client.configuration)"])
        await PassLoop.run(
            once: configuration.once, interval: configuration.passInterval, duration: metrics.pass, logger: logger,
            failure: "schedule pass failed", pass: { try await pass() }
        ) { summary in
            logger.info("schedule pass done", metadata: [
                "schedule.scanned": "\(summary.scanned)", "schedule.queued": "\(summary.totalQueued)",
                "schedule.already_queued": "\(summary.alreadyQueued)", "schedule.trimmed": "\(summary.trimmedInactive)"])
        }
        logger.info("scheduler stopped")
    }

    /// One pass over the active users at `now` (unix seconds). Redis errors are retried with
    /// backoff; throws `CancellationError` on shutdown.
    public func pass(now: Double = Date().timeIntervalSince1970) async throws -> SchedulePassSummary {
        var summary = SchedulePassSummary()
        let cutoff = now - configuration.inactiveAfter
        summary.trimmedInactive = try await retrying { try await activity.trim(inactiveBefore: cutoff) }
        let model = try await retrying { try await currentModelVersion() }
        var limiter = RateLimiter(rate: configuration.rate)
        for shard in 0..<activity.keys.activeShards {
            var cursor = "0"
            repeat {
                let step = try await retrying { [cursor] in
                    try await activity.scan(shard: shard, cursor: cursor, count: configuration.scanCount)
                }
                cursor = step.cursor
                let users = step.users.filter { $0.1 >= cutoff }.map(\.0)
                guard !users.isEmpty else { continue }
                summary.scanned += users.count
                metrics.scanned.increment(by: users.count)
                let states = try await retrying { try await freshness.freshness(of: users) }
                var due: [ScheduleReason: [UserID]] = [:]
                for (user, state) in zip(users, states) {
                    if let reason = ScheduleReason.due(
                        state, now: now, maxAge: configuration.maxAge,
                        dirtyThreshold: configuration.dirtyThreshold, currentModel: model) {
                        due[reason, default: []].append(user)
                    }
                }
                for reason in ScheduleReason.allCases {
                    guard let batch = due[reason] else { continue }
                    try await waitForBacklog()
                    await limiter.acquire(batch.count)
                    if stopping { throw CancellationError() }
                    let outcomes = try await retrying {
                        try await queue.enqueue(batch, priority: .scheduled, reason: reason.rawValue)
                    }
                    let added = outcomes.filter { $0.entryID != nil }.count
                    summary.queued[reason, default: 0] += added
                    summary.alreadyQueued += outcomes.count - added
                    metrics.enqueued[reason]?.increment(by: added)
                    metrics.alreadyQueued.increment(by: outcomes.count - added)
                }
            } while cursor != "0"
        }
        return summary
    }

    // MARK: Helpers

    private var stopping: Bool { RetryUntilShutdown.isStopping }

    /// Waits while the scheduled streams hold ``SchedulerConfiguration/maxBacklog`` jobs or more.
    private func waitForBacklog() async throws {
        while true {
            let depth = try await retrying { try await queue.depth() }
            let backlog = depth.first { $0.priority == .scheduled }?.length ?? 0
            guard backlog >= configuration.maxBacklog else { return }
            metrics.backlogWaits.increment()
            logger.info("workers are behind; pausing", metadata: ["schedule.backlog": "\(backlog)"])
            await sleep(.seconds(1))
            if stopping { throw CancellationError() }
        }
    }

    /// Runs `operation` until it succeeds, backing off after each error; throws `CancellationError`
    /// on shutdown.
    private func retrying<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        try await RetryUntilShutdown(backoff: configuration.backoff, logger: logger).run(operation)
    }

    private func sleep(_ duration: Duration) async {
        await RetryUntilShutdown.sleep(duration)
    }
}
