/// Splits a batch's wall time into waiting on Redis and computing, and counts pipelines.
struct PhaseTimer {
    private(set) var roundTrips = 0
    private(set) var redisSeconds: Double = 0
    private(set) var computeSeconds: Double = 0
    private var started: ContinuousClock.Instant?

    mutating func beginRedis() {
        roundTrips += 1
        started = .now
    }

    mutating func endRedis() { redisSeconds += elapsed() }

    mutating func beginCompute() { started = .now }

    mutating func endCompute() { computeSeconds += elapsed() }

    private mutating func elapsed() -> Double {
        guard let started else { return 0 }
        self.started = nil
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
