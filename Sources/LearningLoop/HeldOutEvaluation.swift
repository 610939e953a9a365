import FeedCore
import FeedLearning

/// How a model that was fitted before a round predicts that round's rows: per head AUC,
/// log-loss, normalized entropy, calibration ratio and binned predicted-vs-observed rates. The
/// rows were served after the model was trained, so this is a time split by construction. Pure.
public struct HeldOutEvaluation: Sendable {
    /// One quantile bin of predictions.
    public struct Bin: Sendable, Hashable, Codable {
        /// Weighted mean predicted probability.
        public var predicted: Double
        /// Weighted observed rate.
        public var observed: Double
        /// Rows in the bin (unweighted).
        public var rows: Int
    }

    /// The figures of one head.
    public struct Head: Sendable, Hashable, Codable {
        public var action: ActionType
        public var rows: Int
        public var positives: Int
        public var auc: Double
        public var logLoss: Double
        public var normalizedEntropy: Double
        /// Σ p / Σ y (weighted).
        public var calibration: Double
        public var bins: [Bin]
    }

    /// Heads the model has, in head order.
    public var heads: [Head]
    /// Per head, the calibrated probability of each row (row order).
    public var predictions: [ActionType: [Double]]

    /// Evaluates `model` on `rows` (weighted by their downsampling weights) with `bins` quantile bins.
    public init(model: ValueModel, rows: [TrainingRow], bins: Int) {
        var matrix = FeatureMatrix(columnCount: model.featureCount)
        matrix.reserveRows(rows.count)
        for row in rows { matrix.appendRow(row.features) }
        let probabilities = rows.isEmpty ? [:] : model.predict(matrix).probabilities
        let weights = rows.map(\.weight)
        var heads: [Head] = []
        var predictions: [ActionType: [Double]] = [:]
        for action in model.actions {
            let p = (probabilities[action] ?? []).map { Double($0) }
            guard p.count == rows.count, !rows.isEmpty else { continue }
            let labels = rows.map { $0.labels[action] }
            let logLoss = BinaryMetrics.logLoss(probabilities: p, labels: labels, weights: weights)
            let entropy = BinaryMetrics.entropy(BinaryMetrics.baseRate(labels: labels, weights: weights))
            let predicted = zip(p, weights).reduce(0.0) { $0 + $1.0 * $1.1 }
            let observed = zip(labels, weights).reduce(0.0) { $0 + ($1.0 ? $1.1 : 0) }
            heads.append(Head(
                action: action, rows: rows.count, positives: labels.filter { $0 }.count,
                auc: BinaryMetrics.auc(scores: p, labels: labels, weights: weights), logLoss: logLoss,
                normalizedEntropy: entropy > 0 ? logLoss / entropy : .nan,
                calibration: observed > 0 ? predicted / observed : .nan,
                bins: Self.bins(p, labels, weights, count: bins)))
            predictions[action] = p
        }
        self.heads = heads
        self.predictions = predictions
    }

    /// The figures of `action`, if the model has that head.
    public func head(_ action: ActionType) -> Head? { heads.first { $0.action == action } }

    /// Weighted means of prediction and label in `count` equal-count bins of the sorted predictions.
    static func bins(_ p: [Double], _ y: [Bool], _ w: [Double], count: Int) -> [Bin] {
        let order = p.indices.sorted { p[$0] < p[$1] }
        var result: [Bin] = []
        for bin in 0..<count {
            let low = order.count * bin / count
            let high = order.count * (bin + 1) / count
            guard high > low else { continue }
            var weight = 0.0, predicted = 0.0, observed = 0.0
            for index in order[low..<high] {
                weight += w[index]
                predicted += w[index] * p[index]
                observed += y[index] ? w[index] : 0
            }
            guard weight > 0 else { continue }
            result.append(Bin(predicted: predicted / weight, observed: observed / weight, rows: high - low))
        }
        return result
    }
}
