import FeedCore

/// What `LogisticTrainer.train` produced: the model file, per-head metrics and the evaluation
/// predictions (for calibration plots).
public struct TrainingResult: Sendable {
    /// The model, loadable by `ValueModel.logistic(json:)` (write it with `model.encoded()`).
    public var model: LogisticModelFile
    /// One entry per configured head, in head order.
    public var metrics: [HeadMetrics]
    /// Rows trained on and evaluated on (indices into the input rows).
    public var trainingRows: [Int]
    public var evaluationRows: [Int]
    /// The first evaluation hour (hours since the epoch), `nil` for an in-sample evaluation.
    public var firstEvaluationHour: Int64?
    /// Calibrated probability per trained head for each row of `evaluationRows`, in that order.
    public var evaluationPredictions: [ActionType: [Double]]
}
