/// The scores a predictive policy acts on: at each tick (every `interval` seconds), the users
/// scored at or above a floor probability, sorted by expected arrival.
///
/// Scores depend only on the login log and the model, not on what a policy generated, so one
/// schedule serves a whole threshold sweep.
public struct PredictionSchedule: Sendable, Hashable {
    /// The horizon the scores refer to, seconds.
    public var horizon: Double
    /// Tick times, ascending.
    public var ticks: [Double]
    /// Scored users per tick (same count as ``ticks``), each list sorted by expected arrival.
    public var scores: [[ScoredUser]]

    /// Creates a schedule; sorts each tick's list by expected arrival (then user).
    public init(horizon: Double, ticks: [Double], scores: [[ScoredUser]]) {
        precondition(ticks.count == scores.count, "one score list per tick")
        self.horizon = horizon
        self.ticks = ticks
        self.scores = scores.map { list in
            list.sorted { $0.expectedArrival != $1.expectedArrival ? $0.expectedArrival < $1.expectedArrival : $0.user < $1.user }
        }
    }

    /// Total scored entries.
    public var entryCount: Int { scores.reduce(0) { $0 + $1.count } }
}
