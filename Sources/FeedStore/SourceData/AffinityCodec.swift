import FeedCore
import Foundation

/// The stored form of one user–author affinity: `t,v_click,v_like,v_comment,v_share,v_hide,v_report`.
///
/// All six decayed counters share one timestamp `t` (each is decayed to `t` when written), so a
/// reader rebuilds `DecayedValue(value: v, updatedAt: t)` and decays it to `now` with
/// `FeatureExtractor.affinityHalfLifeSeconds`.
public enum AffinityCodec {
    /// Encodes counters decayed to a common time.
    public static func encode(_ counters: [DecayedValue], halfLife: Double = FeatureExtractor.affinityHalfLifeSeconds) -> String {
        let time = counters.map(\.updatedAt).max() ?? 0
        var text = String(format: "%.3f", time)
        for index in 0..<ActionType.heads.count {
            let counter = index < counters.count ? counters[index] : .zero
            text += "," + format(counter.value(at: time, halfLifeSeconds: halfLife))
        }
        return text
    }

    /// Decodes a stored value; `nil` when malformed.
    public static func decode(_ bytes: [UInt8], follows: Bool?) -> UserAuthorAffinity? {
        let parts = bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard parts.count == 1 + ActionType.heads.count,
            let time = Double(String(decoding: parts[0], as: UTF8.self))
        else { return nil }
        var affinity = UserAuthorAffinity(follows: follows)
        for index in 0..<ActionType.heads.count {
            guard let value = Double(String(decoding: parts[index + 1], as: UTF8.self)) else { return nil }
            affinity.counters[index] = DecayedValue(value: value, updatedAt: time)
        }
        return affinity
    }

    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6g", value)
    }
}
