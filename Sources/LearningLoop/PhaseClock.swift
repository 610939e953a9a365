/// Wall-clock seconds of the named phases of one round.
struct PhaseClock: Sendable {
    /// Seconds per phase.
    private(set) var seconds: [String: Double] = [:]
    private var last = ContinuousClock.now

    /// Adds the time since the previous lap (or the start) to `phase`.
    mutating func lap(_ phase: String) {
        let now = ContinuousClock.now
        let elapsed = now - last
        seconds[phase, default: 0] += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        last = now
    }
}
