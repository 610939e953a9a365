/// Undoes the bias of training on downsampled negatives (seed 001).
///
/// If a head was trained keeping only a fraction `w` of the negative examples, its raw prediction
/// `q` overstates the positive rate. The calibrated probability is `p = q / (q + (1 − q) / w)`.
/// With `w = 1` (no downsampling) `p = q`.
public enum DownsamplingCalibration {
    /// The calibrated probability for raw prediction `q` and negative sampling rate `w` in (0, 1].
    @inline(__always)
    public static func calibrate(_ q: Float, negativeSamplingRate w: Float) -> Float {
        if w == 1 { return q }
        let q = Double(q)
        let denominator = q + (1 - q) / Double(w)
        return denominator > 0 ? Float(q / denominator) : 0
    }

    /// Whether `w` is a usable sampling rate: in (0, 1].
    public static func isValidRate(_ w: Float) -> Bool { w > 0 && w <= 1 }
}
