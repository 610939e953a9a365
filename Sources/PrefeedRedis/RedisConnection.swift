import Dispatch
import Foundation
import Logging
import Synchronization

/// One Redis connection shared by any number of tasks, with its own I/O thread.
///
/// ## Threads and why this is fast
/// hiredis' blocking API does the socket I/O. Those blocking calls run only on this connection's
/// dedicated thread (`redis-io-N`), never on a SwiftNIO event loop and never on Swift's cooperative
/// pool: a task that calls ``submit(_:timeout:)`` enqueues its commands and suspends on a continuation,
/// freeing its pool thread.
///
/// The I/O thread takes **everything** queued since its last cycle, appends it to hiredis' output
/// buffer, writes it with one `write`, and reads the replies in order, resuming each caller with
/// exactly its own results. Under load this is automatic pipelining: 50 concurrent tasks cost one
/// or two round trips, not fifty, and Redis sees few large reads instead of many small ones.
/// With no load, a command costs one round trip plus one thread wake-up.
///
/// Reply order is the submission order, so replies can never cross between callers.
///
/// ## Failures
/// A broken socket, timeout or protocol error fails the commands in flight (`connectionLost`,
/// `timeout`: they may or may not have run) and drops the context. The next batch reconnects at
/// once; if that fails, further attempts wait a capped exponential backoff with jitter, and
/// commands submitted meanwhile fail fast with `connectionFailed` instead of piling up.
final class RedisConnection: Sendable {
    typealias Results = [Result<RedisReply, RedisError>]

    private struct Request: Sendable {
        var commands: [RedisCommand]
        var timeout: Duration?
        var continuation: CheckedContinuation<Results, Never>
    }

    private struct State: Sendable {
        var queue: [Request] = []
        var queuedCommands = 0
        var threadStarted = false
        var threadSleeping = false
        var shutDown = false
    }

    private enum SubmitAction {
        case none
        case startThread
        case wakeThread
        case reject
    }

    let index: Int
    private let configuration: RedisConfiguration
    private let logger: Logger
    private let statistics: RedisStatistics
    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)

    init(index: Int, configuration: RedisConfiguration, statistics: RedisStatistics, logger: Logger) {
        self.index = index
        self.configuration = configuration
        self.statistics = statistics
        var logger = logger
        logger[metadataKey: "redis.connection"] = "\(index)"
        self.logger = logger
    }

    /// Commands queued or in flight on this connection: the routing cost of sending more here.
    var load: Int { state.withLock { $0.queuedCommands } }

    /// Sends `commands` in order (one round trip, shared with other callers) and returns one result each.
    /// `timeout`, when given, replaces the configured command timeout for this batch.
    func submit(_ commands: [RedisCommand], timeout: Duration? = nil) async -> Results {
        if commands.isEmpty { return [] }
        return await withCheckedContinuation { continuation in
            let action = state.withLock { state -> SubmitAction in
                if state.shutDown { return .reject }
                state.queue.append(Request(commands: commands, timeout: timeout, continuation: continuation))
                state.queuedCommands += commands.count
                if !state.threadStarted {
                    state.threadStarted = true
                    return .startThread
                }
                if state.threadSleeping {
                    state.threadSleeping = false
                    return .wakeThread
                }
                return .none
            }
            switch action {
            case .none:
                break
            case .startThread:
                let thread = Thread { [self] in self.runIOLoop() }
                thread.name = "redis-io-\(index)"
                thread.start()
            case .wakeThread:
                wakeUp.signal()
            case .reject:
                continuation.resume(returning: commands.map { _ in
                    .failure(RedisError(code: .clientShutdown, message: "the Redis client was shut down"))
                })
            }
        }
    }

    /// Stops accepting commands; the I/O thread finishes what is queued, closes the socket and exits.
    func shutDown() {
        let wake = state.withLock { state -> Bool in
            state.shutDown = true
            if state.threadSleeping {
                state.threadSleeping = false
                return true
            }
            return false
        }
        if wake { wakeUp.signal() }
    }

    // MARK: - The I/O thread

    private struct Link {
        var context: HiredisContext?
        var failedAttempts = 0
        var retryAt: ContinuousClock.Instant?
        var lastError: RedisError?
    }

    private func runIOLoop() {
        var link = Link()
        let backoff = Backoff(base: configuration.reconnectBaseDelay, maximum: configuration.reconnectMaximumDelay)
        while true {
            let batch = state.withLock { state -> [Request]? in
                if state.queue.isEmpty {
                    if state.shutDown { return [] }
                    state.threadSleeping = true
                    return nil
                }
                let batch = state.queue
                state.queue.removeAll(keepingCapacity: true)
                return batch
            }
            guard let batch else {
                wakeUp.wait()
                continue
            }
            if batch.isEmpty {
                link.context = nil
                logger.debug("Redis I/O thread stopped")
                return
            }
            let results = process(batch, link: &link, backoff: backoff)
            let commandCount = batch.reduce(0) { $0 + $1.commands.count }
            state.withLock { $0.queuedCommands -= commandCount }
            for (request, result) in zip(batch, results) {
                request.continuation.resume(returning: result)
            }
        }
    }

    /// Runs one batch: connect if needed, append every command, read every reply.
    private func process(_ batch: [Request], link: inout Link, backoff: Backoff) -> [Results] {
        let context: HiredisContext
        do {
            context = try connectedContext(&link, backoff: backoff)
            let timeout = batch.compactMap(\.timeout).max() ?? configuration.commandTimeout
            try context.setTimeout(timeout)
        } catch {
            return batch.map { request in request.commands.map { _ in .failure(error) } }
        }

        var commandCount = 0
        for request in batch {
            for command in request.commands { context.append(command) }
            commandCount += request.commands.count
        }
        statistics.recordRoundTrip(commands: commandCount)

        var results: [Results] = []
        results.reserveCapacity(batch.count)
        var failure: RedisError?
        for request in batch {
            var replies: Results = []
            replies.reserveCapacity(request.commands.count)
            for _ in request.commands {
                if let failure {
                    replies.append(.failure(failure))
                    continue
                }
                do {
                    replies.append(try context.readReply())
                } catch {
                    failure = error
                    replies.append(.failure(error))
                }
            }
            results.append(replies)
        }
        if let failure {
            statistics.recordConnectionError()
            logger.warning(
                "Redis connection dropped",
                metadata: ["redis.endpoint": "\(configuration.endpoint)", "redis.error": "\(failure)"])
            // The socket is in an unknown state (half-read replies): never reuse it.
            link.context = nil
            link.retryAt = nil
        }
        return results
    }

    private func connectedContext(_ link: inout Link, backoff: Backoff) throws(RedisError) -> HiredisContext {
        if let context = link.context { return context }
        let now = ContinuousClock.now
        if let retryAt = link.retryAt, now < retryAt {
            let reason = link.lastError.map { "\($0.message)" } ?? "an earlier failure"
            throw RedisError(
                code: .connectionFailed,
                message: "not connected to \(configuration.endpoint); next attempt in \(retryAt - now) after: \(reason)")
        }
        do {
            let context = try HiredisContext.connect(configuration)
            if link.failedAttempts > 0 {
                logger.info(
                    "Redis connection restored",
                    metadata: ["redis.endpoint": "\(configuration.endpoint)", "redis.attempts": "\(link.failedAttempts)"])
            }
            link = Link(context: context)
            statistics.recordConnect()
            return context
        } catch {
            statistics.recordConnectionError()
            if error.code == .authenticationFailed {
                // Retrying bad credentials quickly helps nobody; use the ceiling.
                link.failedAttempts = max(link.failedAttempts, 30)
            }
            let delay = backoff.delay(attempt: link.failedAttempts)
            link.failedAttempts += 1
            link.retryAt = now + delay
            link.lastError = error
            if link.failedAttempts == 1 || link.failedAttempts % 20 == 0 {
                logger.warning(
                    "Redis connect failed",
                    metadata: [
                        "redis.endpoint": "\(configuration.endpoint)", "redis.error": "\(error)",
                        "redis.attempts": "\(link.failedAttempts)", "redis.retry_in": "\(delay)",
                    ])
            }
            throw error
        }
    }
}
