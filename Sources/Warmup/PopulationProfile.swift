/// The population's share of sessions in each UTC hour of the week (168 slots, Monday 0–1 h
/// first), Laplace-smoothed. The prior that per-user profiles shrink toward, and the fallback for
/// users with little history.
public struct PopulationProfile: Codable, Sendable, Hashable {
    /// Share of sessions per hour-of-week slot; 168 non-negative values summing to 1.
    public private(set) var hourOfWeekShares: [Double]
    /// The same summed over the 7 days: 24 shares of the day, summing to 1.
    var hourOfDayShares: [Double]

    /// A profile from shares (168 values, normalized here).
    public init(hourOfWeekShares shares: [Double]) {
        precondition(shares.count == 168 && shares.allSatisfy { $0 >= 0 }, "168 non-negative shares")
        let total = shares.reduce(0, +)
        let normalized = total > 0 ? shares.map { $0 / total } : Array(repeating: 1.0 / 168, count: 168)
        self.init(normalized: normalized)
    }

    /// A profile from shares already summing to 1 (kept bit for bit, so JSON round-trips exactly).
    private init(normalized: [Double]) {
        hourOfWeekShares = normalized
        hourOfDayShares = (0..<24).map { hour in (0..<7).reduce(0) { $0 + normalized[$1 * 24 + hour] } }
    }

    /// The profile of session starts `times`, with `pseudoCount` added to every slot.
    public init(sessionStarts times: some Sequence<Double>, pseudoCount: Double = 1) {
        var counts = [Double](repeating: pseudoCount, count: 168)
        for time in times { counts[WeekClock.hourOfWeek(time)] += 1 }
        self.init(hourOfWeekShares: counts)
    }

    /// The flat profile.
    public static let uniform = PopulationProfile(hourOfWeekShares: Array(repeating: 1, count: 168))

    /// Share of the week's sessions falling in `[time, time + length)` (time-of-week window).
    public func weekShare(at time: Double, length: Double) -> Double {
        Self.integrate(hourOfWeekShares, from: WeekClock.secondOfWeek(time), length: length)
    }

    /// Share of the day's sessions falling in the time-of-day window `[time, time + length)`.
    func dayShare(at time: Double, length: Double) -> Double {
        Self.integrate(hourOfDayShares, from: WeekClock.secondOfDay(time), length: length)
    }

    /// Integral of a piecewise-constant density over hour slots, from `phase` for `length` seconds,
    /// wrapping around.
    static func integrate(_ shares: [Double], from phase: Double, length: Double) -> Double {
        let slots = shares.count
        let period = Double(slots) * WeekClock.hour
        var position = phase
        var remaining = min(length, period)
        var total = 0.0
        while remaining > 1e-9 {
            let slot = min(slots - 1, Int(position / WeekClock.hour))
            let slotEnd = Double(slot + 1) * WeekClock.hour
            let step = min(remaining, max(slotEnd - position, 1e-9))
            total += shares[slot] * step / WeekClock.hour
            position += step
            if position >= period - 1e-9 { position = 0 }
            remaining -= step
        }
        return total
    }

    enum CodingKeys: String, CodingKey {
        case hourOfWeekShares = "hour_of_week_shares"
    }

    /// Decodes and re-derives the day shares.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let shares = try container.decode([Double].self, forKey: .hourOfWeekShares)
        guard shares.count == 168, shares.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw DecodingError.dataCorruptedError(forKey: .hourOfWeekShares, in: container,
                                                   debugDescription: "expected 168 non-negative shares")
        }
        let total = shares.reduce(0, +)
        if abs(total - 1) < 1e-9 {
            self.init(normalized: shares)
        } else {
            self.init(hourOfWeekShares: shares)
        }
    }

    /// Encodes the hour-of-week shares.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hourOfWeekShares, forKey: .hourOfWeekShares)
    }
}
