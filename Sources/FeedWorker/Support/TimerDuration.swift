import Metrics

extension Timer {
    /// Records a `Duration`.
    func record(_ duration: Duration) {
        recordNanoseconds(duration.nanoseconds)
    }
}
