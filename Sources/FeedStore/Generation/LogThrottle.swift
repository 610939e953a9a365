import Synchronization

/// Lets an event through at most once per interval (a warning logged per batch would flood the
/// log at thousands of feeds a second).
final class LogThrottle: Sendable {
    private let interval: Duration
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    init(interval: Duration) {
        self.interval = interval
    }

    /// Whether the event at `now` may be logged; if so, the next one waits an interval.
    func allow(at now: ContinuousClock.Instant = .now) -> Bool {
        last.withLock { last in
            if let previous = last, now - previous < interval { return false }
            last = now
            return true
        }
    }
}
