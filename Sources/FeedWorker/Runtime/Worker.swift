import FeedCore
import Foundation
import Logging
import PrefeedRedis
import ServiceLifecycle

/// The regeneration worker: a `Service` running ``WorkerConfiguration/concurrency`` loops over a
/// ``JobQueue``.
///
/// Each loop takes a batch of jobs (reclaimed ones first when due, then new ones in priority order),
/// regenerates their users in one call with the current model, then acknowledges the successes and
/// records the failures. Redis errors never end the worker: every step is retried with capped
/// exponential backoff and jitter.
///
/// **Graceful shutdown** (SIGTERM through a `ServiceGroup`): loops stop taking jobs, finish the batch
/// in hand (regenerate and acknowledge) and return. A loop never holds claimed jobs it has not
/// started. If the process is killed instead, its unacknowledged jobs stay in the consumer group's
/// pending list and another worker claims them after ``JobQueueConfiguration/reclaimIdle``: none is lost.
public struct Worker<Regenerator: FeedRegenerating>: Service, CustomStringConvertible {
    /// The queue.
    public let queue: JobQueue
    /// The feed generator.
    public let regenerator: Regenerator
    /// How to run.
    public let configuration: WorkerConfiguration
    /// The current model, polled every ``WorkerConfiguration/modelPollInterval``.
    public let models: ModelWatcher<Regenerator.Model>
    private let metrics: WorkerMetrics
    private let logger: Logger
    private let progress: WorkerProgress

    /// A worker over `queue` that regenerates with `regenerator` and the model `models` holds.
    public init(
        queue: JobQueue, regenerator: Regenerator, models: ModelWatcher<Regenerator.Model>,
        configuration: WorkerConfiguration = WorkerConfiguration(), metrics: WorkerMetrics = WorkerMetrics(), logger: Logger
    ) {
        self.queue = queue
        self.regenerator = regenerator
        self.models = models
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.progress = WorkerProgress()
    }

    /// A short name for service-lifecycle logs.
    public var description: String { "Worker(\(configuration.consumerName), concurrency \(configuration.concurrency))" }

    /// Counts of what this worker did so far.
    public var totals: WorkerProgress.Totals { progress.totals }

    public func run() async throws {
        logger.info("worker starting", metadata: [
            "worker.consumer": "\(configuration.consumerName)", "worker.concurrency": "\(configuration.concurrency)",
            "worker.batch": "\(configuration.batchSize)", "redis": "\(queue.client.configuration)"])
        guard await retrying("create consumer groups", { try await queue.createGroups() }) != nil,
              await retrying("load the model", { try await models.refresh() }) != nil,
              models.current != nil
        else {
            logger.info("worker stopped before it started")
            return
        }
        await withTaskGroup(of: Void.self) { background in
            background.addTask { await pollModel() }
            background.addTask { await reportDepth() }
            await withTaskGroup(of: Void.self) { loops in
                for index in 0..<max(1, configuration.concurrency) {
                    loops.addTask { await loop(consumer: "\(configuration.consumerName)-\(index)") }
                }
            }
            background.cancelAll()
        }
        let totals = progress.totals
        logger.info("worker stopped", metadata: [
            "worker.done": "\(totals.done)", "worker.failed": "\(totals.failed)", "worker.dead_letters": "\(totals.deadLettered)"])
    }

    // MARK: Loops

    private var stopping: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    private func loop(consumer: String) async {
        let clock = ContinuousClock()
        var lastReclaim = clock.now - configuration.reclaimInterval
        var reclaimed: [Job] = []
        var errors = 0
        // Jobs already claimed are finished even when a shutdown begins; no new ones are taken then.
        while !stopping || !reclaimed.isEmpty {
            do {
                var idle = false
                if reclaimed.isEmpty, clock.now - lastReclaim >= configuration.reclaimInterval {
                    reclaimed = try await queue.reclaim(consumer: consumer, count: configuration.batchSize)
                    lastReclaim = clock.now
                    if !reclaimed.isEmpty {
                        logger.info("claimed abandoned jobs", metadata: ["worker.consumer": "\(consumer)", "job.count": "\(reclaimed.count)"])
                    }
                }
                let jobs: [Job]
                if !reclaimed.isEmpty {
                    jobs = Array(reclaimed.prefix(configuration.batchSize))
                    reclaimed.removeFirst(jobs.count)
                } else {
                    jobs = try await queue.take(consumer: consumer, count: configuration.batchSize, block: configuration.idleBlock)
                    idle = jobs.isEmpty
                }
                errors = 0
                if idle {
                    if configuration.exitWhenDrained, try await queue.isDrained() {
                        logger.info("queue drained", metadata: ["worker.consumer": "\(consumer)"])
                        return
                    }
                    // An idle loop looks for abandoned jobs every second at least.
                    if clock.now - lastReclaim >= .seconds(1) { lastReclaim = clock.now - configuration.reclaimInterval }
                    continue
                }
                await process(jobs, consumer: consumer)
            } catch {
                metrics.redisErrors.increment()
                let delay = configuration.backoff.delay(attempt: errors)
                if errors == 0 || errors % 20 == 0 {
                    logger.warning("queue unavailable; retrying", metadata: [
                        "worker.consumer": "\(consumer)", "error": "\(error)", "retry.delay": "\(delay)"])
                }
                errors += 1
                await sleep(delay)
            }
        }
    }

    /// Regenerates one batch and settles every job in it: acknowledged, or failed (retried or dead-lettered).
    private func process(_ jobs: [Job], consumer: String) async {
        guard let model = models.current else { return }
        var users: [UserID] = []
        var seen = Set<UserID>()
        for job in jobs where seen.insert(job.user).inserted { users.append(job.user) }
        let clock = ContinuousClock()
        let started = clock.now
        var results = await regenerator.regenerate(users: users, model: model, now: configuration.clock.now)
        let elapsed = clock.now - started
        if results.count != users.count {
            let error = WorkerError("the regenerator returned \(results.count) results for \(users.count) users")
            results = users.map { _ in .failure(error) }
        }
        metrics.batch.record(elapsed)
        let perFeed = elapsed / users.count
        var outcomes: [UserID: Result<RegenerationOutcome, any Error>] = [:]
        for (user, result) in zip(users, results) {
            outcomes[user] = result
            metrics.generation.record(perFeed)
        }
        if let pause = configuration.pauseBeforeAcknowledge { try? await Task.sleep(for: pause) }

        var succeeded: [Job] = []
        var failed: [(job: Job, error: String)] = []
        for job in jobs {
            switch outcomes[job.user] {
            case .success(let outcome):
                succeeded.append(job)
                for (source, count) in outcome.candidatesBySource { metrics.candidates[source]?.record(count) }
                if let roundTrips = outcome.roundTrips { metrics.generationRoundTrips.record(roundTrips) }
                logger.debug("feed regenerated", metadata: [
                    "feed.user_id": "\(job.user)", "feed.generation_id": "\(outcome.generationID.map { "\($0)" } ?? "none")",
                    "job.id": "\(job.id)", "job.priority": "\(job.priority)", "feed.items": "\(outcome.itemCount)",
                    "model.version": "\(model.version)"])
            case .failure(let error):
                failed.append((job, "\(error)"))
                logger.warning("feed regeneration failed", metadata: [
                    "feed.user_id": "\(job.user)", "job.id": "\(job.id)", "job.priority": "\(job.priority)",
                    "job.attempt": "\(job.deliveries)", "error": "\(error)"])
            case nil:
                failed.append((job, "no result for the user"))
            }
        }
        if !succeeded.isEmpty,
           await retrying("acknowledge jobs", attempts: configuration.completionAttempts, {
               try await queue.complete(succeeded, consumer: consumer)
           }) != nil {
            let nowMilliseconds = Int64(Date().timeIntervalSince1970 * 1000)
            for job in succeeded {
                metrics.done[job.priority]?.increment()
                metrics.jobLatency[job.priority]?.recordMilliseconds(max(0, nowMilliseconds - job.enqueuedAtMilliseconds))
            }
            progress.add(done: succeeded.count)
        }
        if !failed.isEmpty,
           let dead = await retrying("record failed jobs", attempts: configuration.completionAttempts, {
               try await queue.fail(failed)
           }) {
            for (job, _) in failed where job.deliveries >= queue.configuration.maxAttempts {
                metrics.deadLettered[job.priority]?.increment()
            }
            for (job, _) in failed { metrics.failed[job.priority]?.increment() }
            progress.add(failed: failed.count, deadLettered: dead)
        }
    }

    // MARK: Background

    private func pollModel() async {
        while !Task.isCancelled {
            await sleep(configuration.modelPollInterval)
            do {
                if try await models.refresh() { metrics.modelReloads.increment() }
            } catch {
                logger.warning("model check failed; keeping the current model", metadata: ["error": "\(error)"])
            }
        }
    }

    private func reportDepth() async {
        var lastRoundTrips = queue.client.statistics.snapshot.roundTrips
        var lastFeeds = progress.totals.done + progress.totals.failed
        let clock = ContinuousClock()
        var lastPrune = clock.now
        while !Task.isCancelled {
            do {
                metrics.record(depths: try await queue.depth())
                if clock.now - lastPrune >= configuration.consumerRetention / 4 {
                    lastPrune = clock.now
                    let removed = try await queue.pruneConsumers(idleLongerThan: configuration.consumerRetention)
                    if removed > 0 { logger.info("removed idle consumers from the group", metadata: ["job.count": "\(removed)"]) }
                }
            } catch {
                logger.debug("queue depth unavailable", metadata: ["error": "\(error)"])
            }
            let roundTrips = queue.client.statistics.snapshot.roundTrips
            let feeds = progress.totals.done + progress.totals.failed
            if feeds > lastFeeds {
                metrics.roundTripsPerFeed.record(Double(roundTrips - lastRoundTrips) / Double(feeds - lastFeeds))
            }
            lastRoundTrips = roundTrips
            lastFeeds = feeds
            await sleep(configuration.metricsInterval)
        }
    }

    // MARK: Helpers

    /// Runs `operation` until it succeeds, retrying Redis errors with backoff. Gives up (returns
    /// `nil`) after `attempts`, or when the task is cancelled, or — when `attempts` is `nil` — on
    /// graceful shutdown.
    private func retrying<T: Sendable>(
        _ what: String, attempts: Int? = nil, _ operation: () async throws -> T
    ) async -> T? {
        var attempt = 0
        while true {
            do {
                return try await operation()
            } catch {
                metrics.redisErrors.increment()
                attempt += 1
                let exhausted = attempts.map { attempt >= $0 } ?? Task.isShuttingDownGracefully
                if exhausted || Task.isCancelled {
                    logger.error("giving up: \(what); unacknowledged jobs stay pending and are reclaimed later",
                                 metadata: ["error": "\(error)"])
                    return nil
                }
                let delay = configuration.backoff.delay(attempt: attempt - 1)
                if attempt == 1 || attempt % 20 == 0 {
                    logger.warning("cannot \(what); retrying", metadata: ["error": "\(error)", "retry.delay": "\(delay)"])
                }
                await sleep(delay)
            }
        }
    }

    /// Sleeps `duration`, returning early on cancellation or graceful shutdown.
    private func sleep(_ duration: Duration) async {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}
