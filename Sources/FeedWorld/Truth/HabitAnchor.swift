/// A habitual session time of a daily regular: "most days around 8:10 local time".
public struct HabitAnchor: Codable, Sendable, Hashable {
    /// Local hour of day, fractional (8.25 is 8:15).
    public var hour: Double
    /// Probability of a session around this time on a weekday.
    public var probability: Double
    /// Standard deviation of the session time around `hour`, in minutes.
    public var jitterMinutes: Double

    /// Creates an anchor.
    public init(hour: Double, probability: Double, jitterMinutes: Double) {
        self.hour = hour
        self.probability = probability
        self.jitterMinutes = jitterMinutes
    }

    enum CodingKeys: String, CodingKey {
        case hour
        case probability
        case jitterMinutes = "jitter_minutes"
    }
}
