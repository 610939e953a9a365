/// What a login model was trained on: stored in the model file for audit.
public struct LoginTrainingSummary: Codable, Sendable, Hashable {
    /// Earliest prediction time of an example, Unix seconds.
    public var from: Double
    /// End of the training data: no session at or after it was read (Unix seconds).
    public var until: Double
    /// Examples of the regression (users with enough history).
    public var examples: Int
    /// Of which positive (a session within the horizon).
    public var positives: Int
    /// Examples of the fallback (short histories).
    public var fallbackExamples: Int
    /// Mean training log loss of the regression.
    public var logLoss: Double

    /// Creates a summary.
    public init(from: Double, until: Double, examples: Int, positives: Int, fallbackExamples: Int, logLoss: Double) {
        self.from = from
        self.until = until
        self.examples = examples
        self.positives = positives
        self.fallbackExamples = fallbackExamples
        self.logLoss = logLoss
    }

    enum CodingKeys: String, CodingKey {
        case from, until, examples, positives
        case fallbackExamples = "fallback_examples"
        case logLoss = "log_loss"
    }
}
