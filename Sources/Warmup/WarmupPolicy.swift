/// A warm-up policy replayed by ``WarmupEvaluator``, with its knob.
public enum WarmupPolicy: Sendable, Hashable {
    /// Predictive warm-up: at every tick of the ``PredictionSchedule``, users whose probability of a
    /// session within the horizon is at least `threshold` and whose feed will be missing or stale at
    /// their expected arrival are generated, in order of expected arrival, while the per-clock-hour
    /// budget of warm-up generations (`nil`: unlimited) lasts. A feed still fresh at the expected
    /// arrival is never regenerated for it. Knob: `threshold`.
    case predictive(threshold: Double, hourlyBudget: Int?)
    /// Regenerate every active user (a session in the last 28 days) every `everyHours` hours,
    /// aligned to UTC midnight. Knob: `everyHours`.
    case fixedSchedule(everyHours: Double)
    /// Generate only when a login finds no fresh feed (the on-demand generation every policy has).
    case onLogin
    /// LRU-like: every `maxFeedAge`, regenerate the users whose last session is less than
    /// `windowHours` old, so recently active users always hold a fresh feed. Knob: `windowHours`.
    case keepRecent(windowHours: Double)
    /// Knows the future: generates `leadSeconds` before each login that would otherwise miss. The
    /// fewest generations that give every login a fresh feed; a single reference point.
    case oracle(leadSeconds: Double)

    /// Short name: `predictive`, `fixed`, `on_login`, `keep_recent`, `oracle`.
    public var name: String {
        switch self {
        case .predictive: "predictive"
        case .fixedSchedule: "fixed"
        case .onLogin: "on_login"
        case .keepRecent: "keep_recent"
        case .oracle: "oracle"
        }
    }

    /// Name of the knob.
    public var knobName: String {
        switch self {
        case .predictive: "threshold"
        case .fixedSchedule: "every_hours"
        case .onLogin: "none"
        case .keepRecent: "window_hours"
        case .oracle: "lead_seconds"
        }
    }

    /// Value of the knob.
    public var knob: Double {
        switch self {
        case .predictive(let threshold, _): threshold
        case .fixedSchedule(let hours): hours
        case .onLogin: 0
        case .keepRecent(let hours): hours
        case .oracle(let lead): lead
        }
    }
}
