/// The model for users with fewer than `minHistory` sessions: `σ(intercept + slope · x)` with `x`
/// the log of the population's session intensity in the window relative to its weekly mean (the
/// population hour-of-week prior), fitted on the short-history examples.
public struct LoginFallback: Codable, Sendable, Hashable {
    /// Logit at average population intensity.
    public var intercept: Double
    /// Weight of the log relative population intensity.
    public var slope: Double

    /// Creates a fallback.
    public init(intercept: Double, slope: Double) {
        self.intercept = intercept
        self.slope = slope
    }
}
