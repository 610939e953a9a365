/// A token bucket: ``acquire(_:)`` waits until `count` tokens accumulated at `rate` per second.
/// The bucket holds at most one second of tokens, so a pause is not followed by a long burst.
/// Used by the ``Scheduler`` and by `prefeed warmup run`.
public struct RateLimiter: Sendable {
    /// Tokens per second.
    public let rate: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant
    private let clock = ContinuousClock()

    /// An empty bucket filling at `rate` tokens per second.
    public init(rate: Double) {
        self.rate = max(rate, 0.001)
        self.tokens = 0
        self.last = clock.now
    }

    /// Waits until `count` tokens are available and takes them. Returns early on cancellation.
    public mutating func acquire(_ count: Int) async {
        refill()
        tokens -= Double(count)
        if tokens < 0 {
            let wait = -tokens / rate
            try? await Task.sleep(for: .milliseconds(Int((wait * 1000).rounded(.up))))
            refill()
        }
    }

    private mutating func refill() {
        let now = clock.now
        let elapsed = now - last
        last = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(rate, tokens + seconds * rate)
    }
}
