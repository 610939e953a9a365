/// The population's rhythm over the local day: when people open the app (and post).
///
/// Weekdays peak at the morning commute (7–9 h), lunch (12–13 h) and the evening (19–22 h) with a
/// trough around 4 h; weekends start later and stay high from late morning to night.
enum DailyRhythm {
    /// Relative session intensity per local hour on a weekday.
    static let weekdayWeights: [Double] = [
        0.55, 0.30, 0.15, 0.08, 0.06, 0.12, 0.45, 0.95, 1.00, 0.70, 0.55, 0.60,
        0.85, 0.80, 0.55, 0.50, 0.60, 0.75, 0.85, 1.05, 1.25, 1.30, 1.10, 0.80,
    ]

    /// Relative session intensity per local hour on Saturday and Sunday.
    static let weekendWeights: [Double] = [
        0.70, 0.50, 0.30, 0.15, 0.08, 0.06, 0.10, 0.25, 0.50, 0.80, 1.00, 1.05,
        1.00, 0.95, 0.90, 0.90, 0.90, 0.95, 1.00, 1.10, 1.20, 1.20, 1.05, 0.90,
    ]

    private static let weekdayTable = AliasTable(weights: weekdayWeights)
    private static let weekendTable = AliasTable(weights: weekendWeights)

    /// A local second of the day drawn from the rhythm, in `0..<86_400`.
    static func sampleSecondOfDay(weekend: Bool, using random: inout some RandomNumberGenerator) -> Double {
        let hour = (weekend ? weekendTable : weekdayTable).sample(using: &random)
        return Double(hour) * 3_600 + random.uniform(0, 3_600)
    }

    /// Day of week of the local day starting at `localMidnight` (Unix seconds shifted to local
    /// time): 0 is Monday … 6 is Sunday.
    static func weekday(localMidnight: Double) -> Int {
        let day = Int((localMidnight / 86_400).rounded(.down))
        return ((day + 3) % 7 + 7) % 7  // 1970-01-01 was a Thursday
    }

    /// The first UTC midnight at or before `time`: local days are laid on a grid starting there.
    static func gridStart(_ time: Double) -> Double {
        (time / 86_400).rounded(.down) * 86_400
    }

    /// Whether the weekday index is Saturday or Sunday.
    static func isWeekend(_ weekday: Int) -> Bool {
        weekday >= 5
    }
}
