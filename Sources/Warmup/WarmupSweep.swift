import Foundation

/// The knob values `prefeed warmup evaluate` sweeps, the choice of the predictive policy's
/// operating point, and the CSV of a sweep.
public struct WarmupSweep: Sendable, Hashable {
    /// Predictive thresholds (probability of a session within the horizon).
    public var thresholds: [Double] = [0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6]
    /// Fixed schedule periods, hours.
    public var fixedHours: [Double] = [1, 2, 3, 4, 6, 8, 12, 24, 48, 168]
    /// Keep-recent windows, hours.
    public var keepRecentHours: [Double] = [1, 2, 4, 8, 12, 24, 48]
    /// Oracle lead, seconds.
    public var oracleLead: Double = 60
    /// Per-hour budget of the predictive policy (`nil`: unlimited).
    public var hourlyBudget: Int?
    /// Cost cap of the operating point, generations per login.
    public var maxGenerationsPerLogin: Double = 1.5

    /// The default sweep.
    public init() {}

    /// Every policy and knob value of the sweep, predictive first, oracle last.
    public var policies: [WarmupPolicy] {
        thresholds.map { .predictive(threshold: $0, hourlyBudget: hourlyBudget) }
            + fixedHours.map { .fixedSchedule(everyHours: $0) }
            + [.onLogin]
            + keepRecentHours.map { .keepRecent(windowHours: $0) }
            + [.oracle(leadSeconds: oracleLead)]
    }

    /// The predictive result with the highest fresh-hit rate within the cost cap, else the
    /// cheapest predictive result.
    public func operatingPoint(of results: [PolicyResult]) -> PolicyResult? {
        let predictive = results.filter { $0.policy == "predictive" }
        let affordable = predictive.filter { $0.generationsPerLogin <= maxGenerationsPerLogin }
        if let best = affordable.max(by: { $0.freshHitRate < $1.freshHitRate }) { return best }
        return predictive.min { $0.generationsPerLogin < $1.generationsPerLogin }
    }

    /// The fresh-hit rate of `policy`'s curve at `generationsPerLogin`, interpolated linearly
    /// between its two nearest points (nil outside the curve's cost range).
    public static func hitRate(of policy: String, atGenerationsPerLogin cost: Double, in results: [PolicyResult]) -> Double? {
        let curve = results.filter { $0.policy == policy }.sorted { $0.generationsPerLogin < $1.generationsPerLogin }
        guard let first = curve.first, let last = curve.last,
              cost >= first.generationsPerLogin, cost <= last.generationsPerLogin else { return nil }
        for (low, high) in zip(curve, curve.dropFirst()) where cost >= low.generationsPerLogin && cost <= high.generationsPerLogin {
            let span = high.generationsPerLogin - low.generationsPerLogin
            guard span > 0 else { return max(low.freshHitRate, high.freshHitRate) }
            let fraction = (cost - low.generationsPerLogin) / span
            return low.freshHitRate + fraction * (high.freshHitRate - low.freshHitRate)
        }
        return first.freshHitRate
    }

    /// The sweep as CSV, one row per policy and knob value, with a header.
    public static func csv(_ results: [PolicyResult]) -> String {
        var lines = ["policy,knob_name,knob,logins,fresh_hits,fresh_hit_rate,generations,background_generations,"
            + "on_demand_generations,generations_per_login,feeds_peak,feeds_mean"]
        for result in results {
            lines.append([
                result.policy, result.knobName, format(result.knob), String(result.logins), String(result.freshHits),
                format(result.freshHitRate), String(result.generations), String(result.backgroundGenerations),
                String(result.onDemandGenerations), format(result.generationsPerLogin), String(result.feedsPeak),
                format(result.feedsMean),
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.6g", value)
    }
}
