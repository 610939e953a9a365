import Foundation

/// Weighted binary-classification metrics. Weights are importance weights (a row of weight 10
/// stands for 10 rows), so metrics on downsampled rows estimate those of the full traffic.
public enum BinaryMetrics {
    /// Probabilities are clamped to [ε, 1 − ε] before taking logs.
    public static let epsilon = 1e-15

    /// Area under the ROC curve: the weighted probability that a positive scores above a negative,
    /// ties counting one half. NaN without both classes.
    public static func auc(scores: [Double], labels: [Bool], weights: [Double]? = nil) -> Double {
        precondition(scores.count == labels.count, "one label per score")
        let order = scores.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
        var negativeBelow = 0.0
        var numerator = 0.0
        var totalPositive = 0.0
        var index = 0
        while index < order.count {
            let score = scores[order[index]]
            var positive = 0.0
            var negative = 0.0
            while index < order.count, scores[order[index]] == score {
                let row = order[index]
                let weight = weights?[row] ?? 1
                if labels[row] { positive += weight } else { negative += weight }
                index += 1
            }
            numerator += positive * (negativeBelow + 0.5 * negative)
            negativeBelow += negative
            totalPositive += positive
        }
        guard totalPositive > 0, negativeBelow > 0 else { return .nan }
        return numerator / (totalPositive * negativeBelow)
    }

    /// Weighted mean negative log-likelihood (natural log).
    public static func logLoss(probabilities: [Double], labels: [Bool], weights: [Double]? = nil) -> Double {
        precondition(probabilities.count == labels.count, "one label per probability")
        var loss = 0.0
        var total = 0.0
        for row in probabilities.indices {
            let weight = weights?[row] ?? 1
            let p = min(max(probabilities[row], epsilon), 1 - epsilon)
            loss -= weight * (labels[row] ? log(p) : log(1 - p))
            total += weight
        }
        return total > 0 ? loss / total : .nan
    }

    /// The weighted fraction of positives.
    public static func baseRate(labels: [Bool], weights: [Double]? = nil) -> Double {
        var positive = 0.0
        var total = 0.0
        for row in labels.indices {
            let weight = weights?[row] ?? 1
            if labels[row] { positive += weight }
            total += weight
        }
        return total > 0 ? positive / total : .nan
    }

    /// The entropy (natural log) of a Bernoulli(`rate`): the log-loss of always predicting `rate`.
    public static func entropy(_ rate: Double) -> Double {
        guard rate > 0, rate < 1 else { return 0 }
        return -(rate * log(rate) + (1 - rate) * log(1 - rate))
    }

    /// Normalized cross-entropy: log-loss divided by the entropy of the set's own base rate
    /// (< 1 beats predicting the base rate; NaN when the set has one class).
    public static func normalizedEntropy(probabilities: [Double], labels: [Bool], weights: [Double]? = nil) -> Double {
        let baseline = entropy(baseRate(labels: labels, weights: weights))
        guard baseline > 0 else { return .nan }
        return logLoss(probabilities: probabilities, labels: labels, weights: weights) / baseline
    }
}
