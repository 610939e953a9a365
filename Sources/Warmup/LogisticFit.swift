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

    /// Fits `rows` (row-major, `dimension` values per row) against `labels`.
    init(rows: [Double], labels: [Bool], dimension: Int, l2: Double, maxIterations: Int = 30, tolerance: Double = 1e-7) {
        let count = labels.count
        precondition(rows.count == count * dimension, "rows must hold dimension values per label")
        let size = dimension + 1
        var beta = [Double](repeating: 0, count: size)
        let positives = Double(labels.lazy.filter { $0 }.count)
        if count > 0 {
            let rate = min(max(positives / Double(count), 1e-6), 1 - 1e-6)
            beta[dimension] = log(rate / (1 - rate))
        }
        var iteration = 0
        while iteration < maxIterations, count > 0 {
            iteration += 1
            var gradient = [Double](repeating: 0, count: size)
            var hessian = [Double](repeating: 0, count: size * size)
            var row = [Double](repeating: 1, count: size)
            for index in 0..<count {
                var z = beta[dimension]
                for j in 0..<dimension {
                    row[j] = rows[index * dimension + j]
                    z += beta[j] * row[j]
                }
                let p = Self.sigmoid(z)
                let residual = (labels[index] ? 1 : 0) - p
                let weight = max(p * (1 - p), 1e-10)
                for j in 0..<size {
                    gradient[j] += residual * row[j]
                    let wj = weight * row[j]
                    for k in 0...j { hessian[j * size + k] += wj * row[k] }
                }
            }
            for j in 0..<dimension {
                gradient[j] -= l2 * beta[j]
                hessian[j * size + j] += l2
            }
            hessian[dimension * size + dimension] += 1e-9
            for j in 0..<size { for k in 0..<j { hessian[k * size + j] = hessian[j * size + k] } }
            guard let step = Self.solve(hessian, gradient, size: size) else { break }
            // Damped Newton: halve the step until the penalized loss does not increase.
            let current = Self.penalizedLoss(beta, rows: rows, labels: labels, dimension: dimension, l2: l2)
            var scale = 1.0
            var candidate = beta
            var accepted = false
            for _ in 0..<30 {
                for j in 0..<size { candidate[j] = beta[j] + scale * step[j] }
                if Self.penalizedLoss(candidate, rows: rows, labels: labels, dimension: dimension, l2: l2) <= current + 1e-12 {
                    accepted = true
                    break
                }
                scale /= 2
            }
            guard accepted else { break }
            var largest = 0.0
            for j in 0..<size {
                largest = max(largest, abs(candidate[j] - beta[j]))
            }
            beta = candidate
            if largest < tolerance { break }
        }
        weights = Array(beta[..<dimension])
        intercept = beta[dimension]
        iterations = iteration
        var loss = 0.0
        for index in 0..<count {
            var z = intercept
            for j in 0..<dimension { z += weights[j] * rows[index * dimension + j] }
            let p = min(max(Self.sigmoid(z), 1e-12), 1 - 1e-12)
            loss -= labels[index] ? log(p) : log(1 - p)
        }
        logLoss = count > 0 ? loss / Double(count) : 0
    }

    /// Total log loss plus the L2 penalty (intercept last in `beta`, not penalized).
    static func penalizedLoss(_ beta: [Double], rows: [Double], labels: [Bool], dimension: Int, l2: Double) -> Double {
        var loss = 0.0
        for index in 0..<labels.count {
            var z = beta[dimension]
            for j in 0..<dimension { z += beta[j] * rows[index * dimension + j] }
            // log(1 + e^z) − y·z, computed stably.
            let softplus = z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
            loss += softplus - (labels[index] ? z : 0)
        }
        for j in 0..<dimension { loss += 0.5 * l2 * beta[j] * beta[j] }
        return loss
    }

    /// The logistic function.
    @inline(__always)
    static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    /// Solves `matrix · x = vector` for a symmetric positive definite matrix (Cholesky).
    static func solve(_ matrix: [Double], _ vector: [Double], size: Int) -> [Double]? {
        var lower = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0...i {
                var sum = matrix[i * size + j]
                for k in 0..<j { sum -= lower[i * size + k] * lower[j * size + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    lower[i * size + i] = sum.squareRoot()
                } else {
                    lower[i * size + j] = sum / lower[j * size + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: size)
        for i in 0..<size {
            var sum = vector[i]
            for k in 0..<i { sum -= lower[i * size + k] * y[k] }
            y[i] = sum / lower[i * size + i]
        }
        var x = [Double](repeating: 0, count: size)
        for i in stride(from: size - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<size { sum -= lower[k * size + i] * x[k] }
            x[i] = sum / lower[i * size + i]
        }
        return x
    }
}
