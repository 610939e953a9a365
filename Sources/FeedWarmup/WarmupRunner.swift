import FeedCore
import FeedStore
import FeedWorker
import Foundation
import Logging
import PrefeedRedis
import ServiceLifecycle
import Warmup

/// `prefeed warmup run`: queues warm-up jobs for the active users the login model expects soon.
///
/// Each pass, at time `now`:
/// 1. scans the active-user index (``ActivityIndex``, `ZSCAN`) and skips users inactive longer
///    than ``WarmupRunConfiguration/inactiveAfter``;
/// 2. reads each page of users' login histories, feed meta and pending markers in one pipeline
///    (``WarmupInputReader``);
/// 3. scores every user with a recorded session (``LoginScoring``: probability of a session in
///    `[now, now + H)` and its expected start) and applies ``WarmupDecision``: likely (≥ threshold)
///    and the feed missing or older than the maximum age at the expected arrival;
/// 4. queues those due at ``JobPriority/warmup`` in order of expected arrival, taking each job
///    from the hourly budget kept in Redis (``WarmupBudget``, shared by every run in the hour), at
///    most ``WarmupRunConfiguration/rate`` jobs a second. Users already queued at warm-up priority
///    or higher are skipped (their pending marker), so a user is queued once however many passes
///    see them; a user whose warm-up job has run holds a fresh feed and is not due again.
///
/// Runs one pass (``WarmupRunConfiguration/once``) or one every
/// ``WarmupRunConfiguration/passInterval`` until a graceful shutdown (a swift-service-lifecycle
/// `Service`; see ``ServiceRunner``). Redis errors are retried with backoff.
public struct WarmupRunner: Service, CustomStringConvertible {
    /// The queue jobs go to.
    public let queue: JobQueue
    /// The active-user index.
    public let activity: ActivityIndex
    /// Reads login histories, feed meta and markers.
    public let inputs: WarmupInputReader
    /// The hourly budget in Redis.
    public let budget: WarmupBudget
    /// The login scorer.
    public let model: any LoginScoring
    /// What to pick and how fast.
    public let configuration: WarmupRunConfiguration
    private let metrics: WarmupMetrics
    private let logger: Logger
    private let progress: @Sendable (WarmupProgress) -> Void
    private let passDone: @Sendable (WarmupPassSummary) -> Void

    /// - Parameters:
    ///   - feedKeys: FeedStore's key layout (login histories, feed meta).
    ///   - progress: called after each page of users.
    ///   - passDone: called with each pass's summary.
    public init(
        queue: JobQueue, activity: ActivityIndex, feedKeys: FeedKeys = FeedKeys(), model: any LoginScoring,
        configuration: WarmupRunConfiguration = WarmupRunConfiguration(), metrics: WarmupMetrics = WarmupMetrics(),
        logger: Logger, progress: @escaping @Sendable (WarmupProgress) -> Void = { _ in },
        passDone: @escaping @Sendable (WarmupPassSummary) -> Void = { _ in }
    ) {
        self.queue = queue
        self.activity = activity
        self.inputs = WarmupInputReader(client: queue.client, feedKeys: feedKeys, jobKeys: queue.keys)
        self.budget = WarmupBudget(client: queue.client, limit: configuration.hourlyBudget)
        self.model = model
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.progress = progress
        self.passDone = passDone
    }

    /// A short name for service-lifecycle logs.
    public var description: String {
        "WarmupRunner(threshold \(configuration.threshold), budget \(configuration.hourlyBudget.map(String.init) ?? "unlimited")/h)"
    }

    public func run() async throws {
        logger.info("warm-up starting", metadata: [
            "warmup.threshold": "\(configuration.threshold)", "warmup.max_feed_age": "\(configuration.maxFeedAge)",
            "warmup.horizon": "\(model.horizon)", "warmup.budget": "\(configuration.hourlyBudget.map(String.init) ?? "unlimited")",
            "redis": "\(queue.client.configuration)"])
        await PassLoop.run(
            once: configuration.once, interval: configuration.passInterval, duration: metrics.pass, logger: logger,
            failure: "warm-up pass failed", pass: { try await pass() }
        ) { summary in
            logger.info("warm-up pass done", metadata: [
                "warmup.active": "\(summary.active)", "warmup.scored": "\(summary.scored)",
                "warmup.enqueued": "\(summary.enqueued)", "warmup.already_queued": "\(summary.alreadyQueued)",
                "warmup.fresh": "\(summary.fresh)", "warmup.budget_skipped": "\(summary.budgetSkipped)",
                "warmup.budget_used": "\(summary.budgetUsed)"])
            passDone(summary)
        }
        logger.info("warm-up stopped")
    }

    /// One pass over the active users, scoring at `now` (Unix seconds). Redis errors are retried
    /// with backoff; throws `CancellationError` on shutdown.
    public func pass(now: Double = Date().timeIntervalSince1970) async throws -> WarmupPassSummary {
        var summary = WarmupPassSummary()
        summary.now = now
        summary.budgetLimit = configuration.hourlyBudget
        let hour = WarmupBudget.hour(of: now)
        let cutoff = now - configuration.inactiveAfter
        let total = try await retrying { try await indexSize() }
        let usedAtStart = try await retrying { try await budget.used(hour: hour) }
        // With a budget, only the earliest arrivals can be queued: keep those (and a margin for
        // users found queued at enqueue time), not every due user.
        let keep = configuration.hourlyBudget.map { max(0, $0 - usedAtStart) + 256 }
        var candidates: [WarmupCandidate] = []
        var read = 0
        for shard in 0..<activity.keys.activeShards {
            var cursor = "0"
            repeat {
                let step = try await retrying { [cursor] in
                    try await activity.scan(shard: shard, cursor: cursor, count: configuration.scanCount)
                }
                cursor = step.cursor
                read += step.users.count
                let users = step.users.filter { $0.1 >= cutoff }.map(\.0)
                if !users.isEmpty {
                    summary.active += users.count
                    let batch = try await retrying { try await inputs.read(users) }
                    score(batch, now: now, into: &summary, candidates: &candidates)
                    if let keep, candidates.count > 2 * keep {
                        candidates.sort()
                        summary.budgetSkipped += candidates.count - keep
                        candidates.removeLast(candidates.count - keep)
                    }
                }
                progress(WarmupProgress(read: read, total: total, scored: summary.scored, due: summary.due + candidates.count))
            } while cursor != "0"
        }
        candidates.sort()
        try await enqueue(candidates, hour: hour, into: &summary)
        metrics.record(summary)
        return summary
    }

    // MARK: Steps

    /// Scores one page of users; the due ones not yet queued become candidates.
    private func score(_ batch: [WarmupInput], now: Double, into summary: inout WarmupPassSummary, candidates: inout [WarmupCandidate]) {
        for input in batch {
            guard !input.logins.isEmpty else {
                summary.noHistory += 1
                continue
            }
            let prediction = model.predict(history: LoginHistory(times: input.logins), at: now)
            summary.scored += 1
            if prediction.usedFallback { summary.fallback += 1 }
            switch WarmupDecision(
                prediction: prediction, generatedAt: input.generatedAt, threshold: configuration.threshold,
                maxFeedAge: configuration.maxFeedAge) {
            case .unlikely:
                summary.unlikely += 1
            case .fresh:
                summary.fresh += 1
            case .due(let arrival):
                if let queued = input.queued, queued <= .warmup {
                    summary.alreadyQueued += 1
                } else {
                    candidates.append(WarmupCandidate(user: input.user, expectedArrival: arrival, probability: prediction.probability))
                }
            }
        }
    }

    /// Queues `candidates` (sorted by expected arrival) while the hour's budget lasts.
    private func enqueue(_ candidates: [WarmupCandidate], hour: Int64, into summary: inout WarmupPassSummary) async throws {
        var limiter = RateLimiter(rate: configuration.rate)
        var index = 0
        let chunkSize = max(1, configuration.scanCount)
        while index < candidates.count {
            if stopping { throw CancellationError() }
            let wanted = min(chunkSize, candidates.count - index)
            let grant = try await retrying { try await budget.take(wanted, hour: hour) }
            summary.budgetUsed = grant.used
            guard grant.granted > 0 else { break }
            let chunk = candidates[index..<(index + grant.granted)]
            await limiter.acquire(chunk.count)
            let outcomes = try await retrying {
                try await queue.enqueue(chunk.map(\.user), priority: .warmup, reason: "predicted")
            }
            var added = 0
            for (candidate, outcome) in zip(chunk, outcomes) where outcome.entryID != nil {
                added += 1
                summary.firstArrival = summary.firstArrival ?? candidate.expectedArrival
                summary.lastArrival = candidate.expectedArrival
            }
            summary.enqueued += added
            summary.alreadyQueued += chunk.count - added
            if added < chunk.count {
                summary.budgetUsed = try await retrying { try await budget.giveBack(chunk.count - added, hour: hour) }
            }
            index += chunk.count
        }
        summary.budgetSkipped += candidates.count - index
        if candidates.isEmpty { summary.budgetUsed = try await retrying { try await budget.used(hour: hour) } }
    }

    // MARK: Helpers

    private var stopping: Bool { RetryUntilShutdown.isStopping }

    /// Entries of the active-user index (every shard), for progress.
    private func indexSize() async throws -> Int {
        let results = await queue.client.pipeline((0..<activity.keys.activeShards).map {
            RedisCommand("ZCARD", activity.keys.activeUsers(shard: $0))
        })
        return try results.reduce(0) { $0 + Int(try $1.get().int ?? 0) }
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
