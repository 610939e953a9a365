/// A model that predicts the probability of one action for every row of a feature matrix.
///
/// Heads are batch-first: one call scores all candidates of a feed, so per-call overhead
/// (dispatch, setup) is paid once per feed, not once per candidate.
public protocol ActionHead: Sendable {
    /// Features each row must have (at least).
    var featureCount: Int { get }

    /// Writes the calibrated probability of each row of `features` into `output[row]`.
    /// `workspace` holds buffers derived from `features` that heads of one batch share.
    func predictProbabilities(
        _ features: FeatureMatrix, into output: UnsafeMutableBufferPointer<Float>, workspace: inout ScoringWorkspace)
}

extension ActionHead {
    /// Writes the calibrated probability of each row of `features` into `output[row]`.
    public func predictProbabilities(_ features: FeatureMatrix, into output: UnsafeMutableBufferPointer<Float>) {
        var workspace = ScoringWorkspace()
        predictProbabilities(features, into: output, workspace: &workspace)
    }

    /// Calibrated probabilities for every row of `features`.
    public func probabilities(_ features: FeatureMatrix) -> [Float] {
        [Float](unsafeUninitializedCapacity: features.rowCount) { buffer, initialized in
            predictProbabilities(features, into: buffer)
            initialized = features.rowCount
        }
    }

    /// The calibrated probability of one feature vector.
    public func probability(_ row: [Float]) -> Float {
        probabilities(FeatureMatrix(columnCount: row.count, values: row))[0]
    }
}
