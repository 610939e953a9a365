/// One user's score at one tick of a ``PredictionSchedule``.
public struct ScoredUser: Sendable, Hashable {
    /// Dense user index in the ``LoginLog``.
    public var user: Int32
    /// Probability of a session within the horizon.
    public var probability: Double
    /// Expected arrival, Unix seconds.
    public var expectedArrival: Double

    /// Creates a score.
    public init(user: Int32, probability: Double, expectedArrival: Double) {
        self.user = user
        self.probability = probability
        self.expectedArrival = expectedArrival
    }
}
