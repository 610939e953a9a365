/// How a simulated user's sessions are spread over days and weeks.
public enum UserType: String, CaseIterable, Codable, Sendable {
    /// Opens the app nearly every day at one to three habitual local times (commute, lunch,
    /// evening), each with a little jitter; a bit later and less regularly on weekends.
    case dailyRegular = "daily_regular"
    /// Active mostly on Saturdays and Sundays, from late morning to night; rarely on weekdays.
    case weekendUser = "weekend"
    /// Active on a small share of days, at hours drawn from the population's daily rhythm.
    case occasional
    /// A regular or occasional user who goes away for two to five weeks (``AbsenceWindow``) and
    /// may come back within the history, or not (churned).
    case returning
}
