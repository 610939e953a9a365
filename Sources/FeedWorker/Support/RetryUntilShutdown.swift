import Logging
import PrefeedRedis
import ServiceLifecycle

/// Runs Redis work of a long-running pass (scheduler, warm-up) until it succeeds, backing off after
/// each error, so an outage pauses the pass instead of ending it; gives up only on shutdown.
public struct RetryUntilShutdown: Sendable {
    /// Delays between attempts.
    public let backoff: Backoff
    /// Where the "Redis unavailable" warnings go (the first failure, then every 20th).
    public let logger: Logger

    /// A retry policy with `backoff`, logging to `logger`.
    public init(backoff: Backoff, logger: Logger) {
        self.backoff = backoff
        self.logger = logger
    }

    /// Whether the task is shutting down (gracefully or by cancellation).
    public static var isStopping: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    /// `operation`'s result once it succeeds; `CancellationError` on shutdown.
    public func run<T: Sendable>(_ operation: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            if Self.isStopping { throw CancellationError() }
            do {
                return try await operation()
            } catch {
                let delay = backoff.delay(attempt: attempt)
                if attempt == 0 || attempt % 20 == 0 {
                    logger.warning("Redis unavailable; retrying", metadata: ["error": "\(error)", "retry.delay": "\(delay)"])
                }
                attempt += 1
                await Self.sleep(delay)
            }
        }
    }

    /// Sleeps for `duration`, waking early on graceful shutdown.
    public static func sleep(_ duration: Duration) async {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}
