import FeedWorld
import Warmup

/// Hand-made login logs for the tests. `monday` is Monday 2025-12-01 00:00 UTC.
enum TestLogs {
    static let monday: Double = 1_764_547_200
    static let hour: Double = 3_600
    static let day: Double = 86_400

    /// A small deterministic population over `weeks` weeks from `monday`: `regulars` users who open
    /// the app on weekdays at 8:00 (± up to 10 min), `randoms` users with one session at a
    /// pseudo-random time on about half of the days.
    static func population(weeks: Int, regulars: Int = 40, randoms: Int = 40) -> [LoginRow] {
        var rows: [LoginRow] = []
        var random = Xoshiro256StarStar(seed: 99)
        func uniform() -> Double { Double(random.next() >> 11) * 0x1p-53 }
        for user in 0..<regulars {
            for dayIndex in 0..<(7 * weeks) where dayIndex % 7 < 5 {
                let jitter = (uniform() - 0.5) * 20 * 60
                rows.append(LoginRow(user: Int64(user + 1), at: monday + Double(dayIndex) * day + 8 * hour + jitter))
            }
        }
        for user in 0..<randoms {
            for dayIndex in 0..<(7 * weeks) where uniform() < 0.5 {
                rows.append(LoginRow(user: Int64(1_000 + user), at: monday + Double(dayIndex) * day + uniform() * day))
            }
        }
        return rows
    }

    /// The tiny log of the hand-computed replays: user A (dense index 0) at 08:00 the day before the
    /// window, then 08:00, 09:00 and 20:00 on the window's day; user C (index 1) at 12:00.
    static let tiny: [LoginRow] = [
        LoginRow(user: 7, at: monday - 16 * hour),
        LoginRow(user: 7, at: monday + 8 * hour),
        LoginRow(user: 7, at: monday + 9 * hour),
        LoginRow(user: 9, at: monday + 12 * hour),
        LoginRow(user: 7, at: monday + 20 * hour),
    ]

    /// The cost model of the hand-computed replays: 2 h max age and TTL, no burn-in.
    static let tinyCost = WarmupCostModel(maxFeedAge: 2 * hour, feedTTL: 2 * hour, burnIn: 0)

    /// The evaluator of the tiny log over its day.
    static var tinyEvaluator: WarmupEvaluator {
        WarmupEvaluator(log: LoginLog(tiny), evaluationStart: monday, evaluationEnd: monday + day, costModel: tinyCost)
    }
}
