/// How the trainer undoes the join's negative downsampling.
public enum NegativeWeighting: String, Hashable, Sendable, Codable, CaseIterable {
    /// Per head, keep every positive and a `w` sample of its negatives (the join's hash decides,
    /// so rows kept only because another head was positive are resampled too), fit unweighted, and
    /// write `w` as the head's `negative_sampling_rate`: FeedCore calibrates with
    /// `p = q / (q + (1 − q) / w)` (seed 001). Rare heads train on balanced data.
    case calibrated
    /// Fit every row with its importance weight (`1 / w` for kept negatives); the head needs no
    /// calibration (rate 1).
    case importance
}
