import FeedLearning
import Foundation

/// L2-regularized logistic regression fitted by iteratively reweighted least squares (Newton's
/// method), deterministic. The intercept is not penalized.
struct LogisticFit: Sendable, Hashable {
    /// One weight per feature.
    var weights: [Double]
    /// The intercept.
    var intercept: Double
    /// Mean log loss on the training rows.
    var logLoss: Double
    /// Newton iterations run.
    var iterations: Int

    /// Fits `rows` (row-major, `dimension` values per row) against `labels`, minimizing the total
    /// log loss plus `l2/2·‖β‖²`. The Newton solver is FeedLearning's (which works on the mean loss,
    /// so the penalty is rescaled by the row count).
    init(rows: [Double], labels: [Bool], dimension: Int, l2: Double, maxIterations: Int = 30, tolerance: Double = 1e-7) {
        let count = labels.count
        precondition(rows.count == count * dimension, "rows must hold dimension values per label")
        guard count > 0 else {
            weights = Array(repeating: 0, count: dimension)
            intercept = 0
            logLoss = 0
            iterations = 0
            return
        }
        let solver = NewtonLogisticSolver(l2: l2 / Double(count), maxIterations: maxIterations, tolerance: tolerance * tolerance)
        let solution = solver.solve(
            design: rows, width: dimension, labels: labels, weights: Array(repeating: 1, count: count))
        weights = solution.beta
        intercept = solution.intercept
        iterations = solution.iterations
        var loss = 0.0
        for index in 0..<count {
            var z = intercept
            for j in 0..<dimension { z += weights[j] * rows[index * dimension + j] }
            let p = min(max(Self.sigmoid(z), 1e-12), 1 - 1e-12)
            loss -= labels[index] ? log(p) : log(1 - p)
        }
        logLoss = loss / Double(count)
    }

    /// The logistic function.
    @inline(__always)
    static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }
}
