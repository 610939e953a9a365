/// A value-model head backed by an xgboost tree ensemble, with downsampling calibration.
public struct TreeEnsembleHead: ActionHead {
    /// The trees.
    public let ensemble: TreeEnsemble
    /// Fraction of negatives kept when training, in (0, 1]; 1 = none dropped.
    public let negativeSamplingRate: Float

    /// Wraps `ensemble`. Without an explicit rate, the model's `negative_sampling_rate` attribute
    /// (set by the trainer with `Booster.set_attr`) is used, else 1.
    public init(_ ensemble: TreeEnsemble, negativeSamplingRate: Float? = nil) throws(ModelLoadError) {
        let rate = negativeSamplingRate ?? ensemble.attributes["negative_sampling_rate"].flatMap { Float($0) } ?? 1
        guard DownsamplingCalibration.isValidRate(rate) else {
            throw ModelLoadError(.invalidParameter, "negative_sampling_rate \(rate) is not in (0, 1]")
        }
        self.ensemble = ensemble
        self.negativeSamplingRate = rate
    }

    public var featureCount: Int { ensemble.featureCount }

    public func predictProbabilities(
        _ features: FeatureMatrix, into output: UnsafeMutableBufferPointer<Float>, workspace: inout ScoringWorkspace
    ) {
        ensemble.margins(features, into: output, workspace: &workspace)
        for row in 0..<features.rowCount {
            let q = TreeEnsemble.sigmoid(output[row])
            output[row] = DownsamplingCalibration.calibrate(q, negativeSamplingRate: negativeSamplingRate)
        }
    }
}
