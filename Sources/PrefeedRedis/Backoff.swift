/// Capped exponential backoff with jitter, for reconnects and retries.
///
/// Attempt `n` (0-based) waits a uniformly random time in `[d/2, d]` where `d = min(maximum, base·2ⁿ)`:
/// the random half spreads reconnect storms after a Redis restart.
public struct Backoff: Sendable, Hashable {
    public var base: Duration
    public var maximum: Duration

    public init(base: Duration, maximum: Duration) {
        self.base = base
        self.maximum = maximum
    }

    /// The upper bound of the delay before attempt `attempt`.
    public func ceiling(attempt: Int) -> Duration {
        let exponent = min(max(attempt, 0), 30)
        let scaled = base * (1 << exponent)
        return scaled > maximum ? maximum : scaled
    }

    /// A jittered delay before attempt `attempt`, drawn from `generator`.
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(attempt: attempt)
        let fraction = Double.random(in: 0.5...1.0, using: &generator)
        return ceiling * fraction
    }

    /// A jittered delay before attempt `attempt`.
    public func delay(attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &generator)
    }
}
