import Foundation

/// Up to eight logistic heads evaluated together: one pass over each feature row updates every
/// head's logit at once (weights interleaved per feature, SIMD across heads). Same arithmetic as
/// `LogisticHead.logit` (Double, feature order), so results are identical.
struct LogisticHeadGroup: Sendable {
    static let maxHeads = 8

    let heads: [LogisticHead]
    let featureCount: Int
    /// Per feature, the weights of all heads (unused lanes 0).
    private let weights: [SIMD8<Double>]
    /// Per feature, each head's contribution when the feature is missing.
    private let missingContributions: [SIMD8<Double>]
    private let biases: SIMD8<Double>

    init(_ heads: [LogisticHead]) {
        precondition(!heads.isEmpty && heads.count <= LogisticHeadGroup.maxHeads, "1…8 heads")
        let featureCount = heads[0].featureCount
        precondition(heads.allSatisfy { $0.featureCount == featureCount }, "heads differ in feature count")
        self.heads = heads
        self.featureCount = featureCount
        var weights = [SIMD8<Double>](repeating: .zero, count: featureCount)
        var missing = [SIMD8<Double>](repeating: .zero, count: featureCount)
        var biases = SIMD8<Double>.zero
        for (h, head) in heads.enumerated() {
            biases[h] = head.bias
            for j in 0..<featureCount {
                weights[j][h] = head.weights[j]
                missing[j][h] = head.weights[j] * head.imputationMeans[j] + head.missingWeights[j]
            }
        }
        self.weights = weights
        self.missingContributions = missing
        self.biases = biases
    }

    /// Calibrated probabilities, row-major: `output[row * heads.count + head]`.
    func predictProbabilities(_ features: FeatureMatrix, into output: UnsafeMutableBufferPointer<Float>) {
        let rows = features.rowCount
        let columns = features.columnCount
        let headCount = heads.count
        precondition(columns >= featureCount, "feature matrix has too few columns")
        precondition(output.count >= rows * headCount, "output buffer too short")
        let rates = heads.map(\.negativeSamplingRate)
        features.values.withUnsafeBufferPointer { values in
            weights.withUnsafeBufferPointer { w in
                missingContributions.withUnsafeBufferPointer { m in
                    for row in 0..<rows {
                        var z = biases
                        let x = values.baseAddress.unsafelyUnwrapped + row &* columns
                        for j in 0..<featureCount {
                            let value = x[j]
                            if value.isNaN {
                                z += m[j]
                            } else {
                                z += w[j] * Double(value)
                            }
                        }
                        for h in 0..<headCount {
                            let q = Float(1 / (1 + exp(-z[h])))
                            output[row &* headCount &+ h] = DownsamplingCalibration.calibrate(
                                q, negativeSamplingRate: rates[h])
                        }
                    }
                }
            }
        }
    }
}
