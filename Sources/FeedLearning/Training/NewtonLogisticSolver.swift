import Foundation

/// L2-regularized weighted logistic regression by Newton's method (IRLS) with a backtracking line
/// search, on a dense design matrix. Deterministic: fixed summation order, no randomness.
///
/// Minimizes `Σ wᵢ·loss(yᵢ, b + β·xᵢ) / Σ wᵢ + (λ/2)·‖β‖²` (the intercept `b` is not penalized).
public struct NewtonLogisticSolver: Sendable {
    /// L2 strength on the mean loss (the intercept is not penalized).
    public var l2: Double
    /// Newton iterations at most.
    public var maxIterations: Int
    /// Stops when half the squared Newton decrement falls below this.
    public var tolerance: Double

    public init(l2: Double, maxIterations: Int, tolerance: Double) {
        self.l2 = l2
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// The fitted parameters.
    public struct Solution: Sendable {
        public var intercept: Double
        public var beta: [Double]
        public var iterations: Int
        public var converged: Bool
        public var objective: Double
    }

    /// Fits `design` (`rows × width`, row-major), `labels` and `weights`, starting from the
    /// intercept of the weighted base rate.
    public func solve(design: [Double], width: Int, labels: [Bool], weights: [Double]) -> Solution {
        let n = labels.count
        let d = width + 1  // parameter 0 is the intercept
        let totalWeight = weights.reduce(0, +)
        let positive = zip(labels, weights).reduce(0.0) { $0 + ($1.0 ? $1.1 : 0) }
        let rate = min(max(positive / totalWeight, 1e-12), 1 - 1e-12)
        var theta = [Double](repeating: 0, count: d)
        theta[0] = log(rate / (1 - rate))
        var objective = self.objective(theta, design: design, width: width, labels: labels, weights: weights, total: totalWeight)
        var iterations = 0
        var converged = false
        var gradient = [Double](repeating: 0, count: d)
        var hessian = [Double](repeating: 0, count: d * d)
        var x = [Double](repeating: 0, count: d)
        while iterations < maxIterations {
            iterations += 1
            for k in 0..<d { gradient[k] = 0 }
            for k in 0..<(d * d) { hessian[k] = 0 }
            design.withUnsafeBufferPointer { design in
                hessian.withUnsafeMutableBufferPointer { h in
                    for i in 0..<n {
                        x[0] = 1
                        for k in 0..<width { x[k + 1] = design[i * width + k] }
                        var z = 0.0
                        for k in 0..<d { z += theta[k] * x[k] }
                        let p = 1 / (1 + exp(-z))
                        let w = weights[i] / totalWeight
                        let residual = w * (p - (labels[i] ? 1 : 0))
                        let curvature = w * max(p * (1 - p), 1e-12)
                        for a in 0..<d {
                            gradient[a] += residual * x[a]
                            let scaled = curvature * x[a]
                            if scaled == 0 { continue }
                            let rowStart = a * d
                            for b in a..<d { h[rowStart + b] += scaled * x[b] }
                        }
                    }
                }
            }
            for k in 1..<d {
                gradient[k] += l2 * theta[k]
                hessian[k * d + k] += l2
            }
            hessian[0] += 1e-12
            for a in 0..<d { for b in 0..<a { hessian[a * d + b] = hessian[b * d + a] } }
            guard let step = Self.choleskySolve(hessian, gradient, size: d) else { break }
            let decrement = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }  // gᵀH⁻¹g
            if decrement / 2 < tolerance {
                converged = true
                break
            }
            var t = 1.0
            var accepted = false
            for _ in 0..<40 {
                let candidate = zip(theta, step).map { $0 - t * $1 }
                let value = self.objective(candidate, design: design, width: width, labels: labels, weights: weights, total: totalWeight)
                if value <= objective - 1e-4 * t * decrement {
                    theta = candidate
                    objective = value
                    accepted = true
                    break
                }
                t /= 2
            }
            if !accepted {
                converged = true  // no further decrease at machine precision
                break
            }
        }
        return Solution(intercept: theta[0], beta: Array(theta[1...]), iterations: iterations, converged: converged, objective: objective)
    }

    private func objective(
        _ theta: [Double], design: [Double], width: Int, labels: [Bool], weights: [Double], total: Double
    ) -> Double {
        var loss = 0.0
        design.withUnsafeBufferPointer { design in
            for i in labels.indices {
                var z = theta[0]
                for k in 0..<width { z += theta[k + 1] * design[i * width + k] }
                // log(1 + e^z) − y·z, computed stably.
                let softplus = z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
                loss += weights[i] * (softplus - (labels[i] ? z : 0))
            }
        }
        var penalty = 0.0
        for k in 1..<theta.count { penalty += theta[k] * theta[k] }
        return loss / total + l2 / 2 * penalty
    }

    /// Solves `A·x = b` for symmetric positive-definite `A` (`size × size`, row-major); `nil` if not SPD.
    static func choleskySolve(_ a: [Double], _ b: [Double], size n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }
}
