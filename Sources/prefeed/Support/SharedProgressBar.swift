import Synchronization

/// A ``ProgressBar`` that `@Sendable` progress callbacks can update, restarted after each
/// ``finish()`` (one bar per pass of a long-running command).
final class SharedProgressBar: Sendable {
    private let label: String
    private let unit: String
    private let bar: Mutex<ProgressBar>

    init(label: String, unit: String) {
        self.label = label
        self.unit = unit
        bar = Mutex(ProgressBar(label: label, unit: unit))
    }

    /// Redraws the bar (at most 5 times a second).
    func update(completed: Int, total: Int) {
        bar.withLock { $0.update(completed: completed, total: total) }
    }

    /// Ends the bar's line; the next update starts a new bar.
    func finish() {
        bar.withLock { bar in
            bar.finish()
            bar = ProgressBar(label: label, unit: unit)
        }
    }
}
