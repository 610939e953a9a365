import FeedCore

/// Parameters of `LogisticTrainer`.
public struct TrainerConfiguration: Hashable, Sendable {
    /// The version written into the model file.
    public var modelVersion: String
    /// Heads to train (in `ActionType.heads` order); heads without positives are skipped.
    public var heads: [ActionType]
    /// L2 strength on standardized coefficients (objective is the mean weighted log-loss + λ/2·‖β‖²).
    public var l2: Double
    /// Newton iterations at most.
    public var maxIterations: Int
    /// Convergence threshold on half the squared Newton decrement.
    public var tolerance: Double
    /// How downsampled negatives are accounted for.
    public var weighting: NegativeWeighting
    /// Which rows train and which evaluate.
    public var split: TimeSplit
    /// The feature schema rows are in and the model is written for.
    public var schema: FeatureSchema

    /// Parameters with the defaults `prefeed train` uses.
    public init(
        modelVersion: String, heads: [ActionType] = ActionType.heads, l2: Double = 1e-3, maxIterations: Int = 30,
        tolerance: Double = 1e-10, weighting: NegativeWeighting = .calibrated,
        split: TimeSplit = TimeSplit(evaluationHours: 24), schema: FeatureSchema = .current
    ) {
        self.modelVersion = modelVersion
        self.heads = ActionType.heads.filter { heads.contains($0) }
        self.l2 = l2
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.weighting = weighting
        self.split = split
        self.schema = schema
    }
}
