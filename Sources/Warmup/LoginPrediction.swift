/// The login model's answer for one user at one time.
public struct LoginPrediction: Sendable, Hashable {
    /// Probability of a session starting within the horizon, `[t, t + H)`.
    public var probability: Double
    /// Expected start of that session, given that one starts within the horizon (Unix seconds, in
    /// `[t, t + H)`): the mean phase of past sessions in the same time-of-week and time-of-day
    /// window, shrunk toward the window's middle.
    public var expectedArrival: Double
    /// Whether the fallback (population prior) answered because the history is too short.
    public var usedFallback: Bool

    /// Creates a prediction.
    public init(probability: Double, expectedArrival: Double, usedFallback: Bool) {
        self.probability = probability
        self.expectedArrival = expectedArrival
        self.usedFallback = usedFallback
    }
}
