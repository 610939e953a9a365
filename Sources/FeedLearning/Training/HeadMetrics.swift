import FeedCore

/// How one head trained and how it does on the evaluation rows (weighted by the rows' importance
/// weights, with calibrated probabilities, so the figures estimate un-downsampled traffic).
public struct HeadMetrics: Hashable, Sendable, Codable {
    /// The head.
    public var action: ActionType
    /// Whether a head was fitted (not when the training rows have no positive or no negative).
    public var trained: Bool
    /// Rows the head was fitted on (after per-head resampling) and their positives.
    public var trainingRows: Int
    public var trainingPositives: Int
    /// Evaluation rows and their positives (unweighted counts).
    public var evaluationRows: Int
    public var evaluationPositives: Int
    /// The head's `negative_sampling_rate` in the model file.
    public var negativeSamplingRate: Double
    /// Weighted positive rate of the evaluation rows.
    public var baseRate: Double
    /// Weighted AUC (ties ½) and mean log-loss of the calibrated probabilities.
    public var auc: Double
    public var logLoss: Double
    /// The log-loss of always predicting `baseRate` (its entropy).
    public var baselineLogLoss: Double
    /// `logLoss / baselineLogLoss`: below 1 beats the base rate.
    public var normalizedEntropy: Double
    /// Mean predicted probability over observed rate (1 = calibrated).
    public var calibration: Double
    /// Newton iterations and whether the solver converged.
    public var iterations: Int
    public var converged: Bool
}
