import Foundation

/// A logistic-regression head: `q = σ(bias + Σ contribution_j)`, then downsampling calibration.
///
/// A present feature contributes `weight_j · x_j`. A missing (NaN) feature contributes
/// `weight_j · imputation_j + missingWeight_j`: the trainer's imputed value plus a learned
/// "feature j is missing" indicator. The sum is taken in Double, like the trainer's.
public struct LogisticHead: ActionHead {
    public let bias: Double
    public let weights: [Double]
    public let imputationMeans: [Double]
    public let missingWeights: [Double]
    /// Fraction of negatives kept when training, in (0, 1]; 1 = none dropped.
    public let negativeSamplingRate: Float
    /// `weight_j · imputation_j + missingWeight_j`, precomputed.
    private let missingContributions: [Double]

    public var featureCount: Int { weights.count }

    public init(
        bias: Double, weights: [Double], imputationMeans: [Double]? = nil, missingWeights: [Double]? = nil,
        negativeSamplingRate: Float = 1
    ) {
        let means = imputationMeans ?? Array(repeating: 0, count: weights.count)
        let missing = missingWeights ?? Array(repeating: 0, count: weights.count)
        precondition(means.count == weights.count && missing.count == weights.count, "head arrays differ in length")
        precondition(DownsamplingCalibration.isValidRate(negativeSamplingRate), "sampling rate must be in (0, 1]")
        self.bias = bias
        self.weights = weights
        self.imputationMeans = means
        self.missingWeights = missing
        self.negativeSamplingRate = negativeSamplingRate
        self.missingContributions = zip(zip(weights, means), missing).map { $0.0 * $0.1 + $1 }
    }

    /// The logit of one row (before the sigmoid and calibration).
    public func logit(_ row: UnsafeBufferPointer<Float>) -> Double {
        var sum = bias
        weights.withUnsafeBufferPointer { w in
            missingContributions.withUnsafeBufferPointer { m in
                for j in 0..<w.count {
                    let x = row[j]
                    sum += x.isNaN ? m[j] : w[j] * Double(x)
                }
            }
        }
        return sum
    }

    public func predictProbabilities(
        _ features: FeatureMatrix, into output: UnsafeMutableBufferPointer<Float>, workspace: inout ScoringWorkspace
    ) {
        precondition(features.columnCount >= featureCount, "feature matrix has too few columns")
        precondition(output.count >= features.rowCount, "output buffer too short")
        let columns = features.columnCount
        features.values.withUnsafeBufferPointer { values in
            for row in 0..<features.rowCount {
                let z = logit(UnsafeBufferPointer(rebasing: values[(row * columns)..<(row * columns + columns)]))
                let q = Float(1 / (1 + exp(-z)))
                output[row] = DownsamplingCalibration.calibrate(q, negativeSamplingRate: negativeSamplingRate)
            }
        }
    }
}
