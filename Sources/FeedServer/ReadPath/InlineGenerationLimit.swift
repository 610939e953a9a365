import Synchronization

/// Caps the inline generations running at once (``ServerConfiguration/maxInlineGenerations``).
///
/// A generation holds its slot until it ends, not until its waiter gives up: the waiter stops
/// waiting after ``ServerConfiguration/inlineGenerationTimeout`` and serves the fallback, but the
/// generation keeps running (its result is still written, and shared with single-flight
/// followers). Without the cap a burst of misses would start a generation each, all still
/// running long after their pages were served. Beyond the cap a miss serves the fallback and
/// queues a job at once.
final class InlineGenerationLimit: Sendable {
    private struct State {
        var running = 0
        var peak = 0
    }

    /// Most generations running at once; 0 disables inline generation.
    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Takes a slot; `false` when `limit` generations are running.
    func tryAcquire() -> Bool {
        state.withLock { state in
            guard state.running < limit else { return false }
            state.running += 1
            state.peak = max(state.peak, state.running)
            return true
        }
    }

    /// Gives back a slot taken by ``tryAcquire()``.
    func release() {
        state.withLock { $0.running = max(0, $0.running - 1) }
    }

    /// Generations running now.
    var running: Int { state.withLock { $0.running } }
    /// Most generations that ran at once since start.
    var peak: Int { state.withLock { $0.peak } }
}
