import Foundation

/// Exponential time decay with a half-life: the one decay rule for affinities and decayed counters,
/// used both where the counters are written (ingest) and where they are read (features).
public enum TimeDecay {
    /// The factor `2^(-elapsed / halfLife)` by which a value decays over `elapsed` seconds.
    /// Negative elapsed time (clock skew) does not grow a value: the factor is then 1.
    public static func factor(elapsedSeconds: Double, halfLifeSeconds: Double) -> Double {
        guard elapsedSeconds > 0 else { return 1 }
        guard halfLifeSeconds > 0 else { return 0 }
        return exp2(-elapsedSeconds / halfLifeSeconds)
    }
}
