/// Phases of UTC time used by the login model: second of the week (Monday 00:00 UTC is 0) and
/// second of the day.
///
/// The model works in UTC on purpose: it does not know users' time zones, and a per-user profile
/// over the UTC week captures a user's rhythm whatever their zone.
enum WeekClock {
    static let hour: Double = 3_600
    static let day: Double = 86_400
    static let week: Double = 604_800

    /// Seconds since the last Monday 00:00 UTC, in `0..<week` (1970-01-01 was a Thursday).
    @inline(__always)
    static func secondOfWeek(_ time: Double) -> Double {
        let phase = (time + 3 * day).truncatingRemainder(dividingBy: week)
        return phase < 0 ? phase + week : phase
    }

    /// Seconds since the last UTC midnight, in `0..<day`.
    @inline(__always)
    static func secondOfDay(_ time: Double) -> Double {
        let phase = time.truncatingRemainder(dividingBy: day)
        return phase < 0 ? phase + day : phase
    }

    /// How far `phase` lies after `start`, modulo `period`, in `0..<period`.
    @inline(__always)
    static func offset(of phase: Double, after start: Double, period: Double) -> Double {
        let difference = phase - start
        return difference < 0 ? difference + period : difference
    }

    /// Hour-of-week slot of `time`, `0..<168`.
    @inline(__always)
    static func hourOfWeek(_ time: Double) -> Int {
        min(167, Int(secondOfWeek(time) / hour))
    }
}
