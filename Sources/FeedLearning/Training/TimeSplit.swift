/// A time-based split: train on earlier served hours, evaluate on the last ones (never a random
/// split, which would let the model see the future of the rows it is judged on).
public struct TimeSplit: Hashable, Sendable, Codable {
    /// The number of final served hours (counted back from the latest row's hour) to evaluate on;
    /// 0 trains on everything and evaluates in-sample.
    public var evaluationHours: Int
    /// Hours between the training and the evaluation hours that neither uses (their labels overlap
    /// both periods).
    public var gapHours: Int

    /// A split evaluating on the last `evaluationHours` hours, skipping `gapHours` before them.
    public init(evaluationHours: Int, gapHours: Int = 0) {
        precondition(evaluationHours >= 0 && gapHours >= 0, "hours must not be negative")
        self.evaluationHours = evaluationHours
        self.gapHours = gapHours
    }

    /// Row indices for training and evaluation, and the first evaluation hour (hours since the
    /// epoch; `nil` for an in-sample split).
    public func assign(_ rows: [TrainingRow]) -> (train: [Int], evaluation: [Int], firstEvaluationHour: Int64?) {
        guard evaluationHours > 0, let last = rows.map(\.servedHour).max() else {
            return (Array(rows.indices), Array(rows.indices), nil)
        }
        let firstEvaluation = last - Int64(evaluationHours) + 1
        let lastTraining = firstEvaluation - 1 - Int64(gapHours)
        var train: [Int] = []
        var evaluation: [Int] = []
        for (index, row) in rows.enumerated() {
            let hour = row.servedHour
            if hour >= firstEvaluation {
                evaluation.append(index)
            } else if hour <= lastTraining {
                train.append(index)
            }
        }
        return (train, evaluation, firstEvaluation)
    }
}
