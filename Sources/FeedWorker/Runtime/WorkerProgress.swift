import Synchronization

/// Running totals of a worker, readable from any task.
public final class WorkerProgress: Sendable {
    /// Totals at one moment.
    public struct Totals: Sendable, Hashable {
        /// Jobs acknowledged.
        public var done = 0
        /// Failed attempts recorded.
        public var failed = 0
        /// Jobs moved to the dead letters by this worker.
        public var deadLettered = 0
    }

    private let state = Mutex(Totals())

    /// Zero totals.
    public init() {}

    /// The totals now.
    public var totals: Totals { state.withLock { $0 } }

    func add(done: Int = 0, failed: Int = 0, deadLettered: Int = 0) {
        state.withLock {
            $0.done += done
            $0.failed += failed
            $0.deadLettered += deadLettered
        }
    }
}
