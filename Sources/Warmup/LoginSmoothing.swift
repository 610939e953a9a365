/// Strength of the Bayesian prior that shrinks a user's time-of-week and time-of-day profiles
/// toward the population profile (scaled to the user's own session rate).
public struct LoginSmoothing: Codable, Sendable, Hashable {
    /// Prior weight, in weeks of observation, of the time-of-week profile.
    public var weekPriorWeeks: Double
    /// Prior weight, in days of observation, of the time-of-day profile.
    public var dayPriorDays: Double

    /// Creates smoothing strengths (defaults: one week, two days).
    public init(weekPriorWeeks: Double = 1, dayPriorDays: Double = 2) {
        self.weekPriorWeeks = weekPriorWeeks
        self.dayPriorDays = dayPriorDays
    }

    enum CodingKeys: String, CodingKey {
        case weekPriorWeeks = "week_prior_weeks"
        case dayPriorDays = "day_prior_days"
    }
}
