import Logging
import Metrics

/// The run loop of a periodic pass (scheduler, warm-up): a pass now, then one every `interval`
/// (start to start) until shutdown, or just one. A failed pass is logged and the loop goes on;
/// `CancellationError` (shutdown during a pass) ends it.
public enum PassLoop {
    /// Runs `pass` as above, recording each successful pass's duration in `duration` before
    /// handing its summary to `done`.
    public static func run<Summary: Sendable>(
        once: Bool, interval: Duration, duration: Timer, logger: Logger, failure: Logger.Message,
        pass: () async throws -> Summary, done: (Summary) -> Void
    ) async {
        let clock = ContinuousClock()
        while !RetryUntilShutdown.isStopping {
            let started = clock.now
            do {
                let summary = try await pass()
                duration.record(clock.now - started)
                done(summary)
            } catch is CancellationError {
                break
            } catch {
                logger.error(failure, metadata: ["error": "\(error)"])
            }
            if once { break }
            let next = started + interval
            if next > clock.now { await RetryUntilShutdown.sleep(next - clock.now) }
        }
    }
}
