import Foundation

/// The outcome of a ``WarmupBenchmark`` run: the model, every policy's figures, the operating
/// point, and their renderings (table, CSV, summary JSON).
public struct WarmupReport: Sendable {
    /// The model trained before the evaluation window.
    public var model: LoginModel
    /// One result per policy and knob value, in sweep order.
    public var results: [PolicyResult]
    /// The sweep that was run.
    public var sweep: WarmupSweep
    /// The cost model.
    public var costModel: WarmupCostModel
    /// Start of the evaluation window.
    public var evaluationStart: Double
    /// End of the evaluation window.
    public var evaluationEnd: Double
    /// Fresh hits of the operating point per user group (empty unless groups were given).
    public var groups: [GroupFigures] = []

    /// Creates a report.
    public init(model: LoginModel, results: [PolicyResult], sweep: WarmupSweep, costModel: WarmupCostModel,
                evaluationStart: Double, evaluationEnd: Double) {
        self.model = model
        self.results = results
        self.sweep = sweep
        self.costModel = costModel
        self.evaluationStart = evaluationStart
        self.evaluationEnd = evaluationEnd
    }

    /// The predictive policy's chosen point (see ``WarmupSweep/operatingPoint(of:)``).
    public var operatingPoint: PolicyResult? { sweep.operatingPoint(of: results) }
    /// The oracle's result.
    public var oracle: PolicyResult? { results.first { $0.policy == "oracle" } }
    /// The fixed schedule's fresh-hit rate at the operating point's cost (interpolated), if in range.
    public var fixedAtEqualCost: Double? {
        operatingPoint.flatMap { WarmupSweep.hitRate(of: "fixed", atGenerationsPerLogin: $0.generationsPerLogin, in: results) }
    }
    /// The keep-recent policy's fresh-hit rate at the operating point's cost (interpolated), if in range.
    public var keepRecentAtEqualCost: Double? {
        operatingPoint.flatMap { WarmupSweep.hitRate(of: "keep_recent", atGenerationsPerLogin: $0.generationsPerLogin, in: results) }
    }

    /// A fixed-width table, one line per policy and knob value.
    public var table: String {
        let header = [Self.pad("policy", 12), Self.pad("knob", 16), Self.pad("logins", 8, right: true),
                      Self.pad("fresh%", 8, right: true), Self.pad("gen/login", 10, right: true),
                      Self.pad("warm-ups", 9, right: true), Self.pad("on-demand", 10, right: true),
                      Self.pad("feeds-max", 10, right: true), Self.pad("feeds-mean", 11, right: true)]
        var lines = [header.joined(separator: " ")]
        for result in results {
            let knob = result.knobName == "none" ? "-" : "\(result.knobName)=\(Self.short(result.knob))"
            lines.append([
                Self.pad(result.policy, 12), Self.pad(knob, 16), Self.pad(String(result.logins), 8, right: true),
                Self.pad(String(format: "%.2f", result.freshHitRate * 100), 8, right: true),
                Self.pad(String(format: "%.3f", result.generationsPerLogin), 10, right: true),
                Self.pad(String(result.backgroundGenerations), 9, right: true),
                Self.pad(String(result.onDemandGenerations), 10, right: true),
                Self.pad(String(result.feedsPeak), 10, right: true),
                Self.pad(String(format: "%.1f", result.feedsMean), 11, right: true),
            ].joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    /// The sweep as CSV (``WarmupSweep/csv(_:)``).
    public var csv: String { WarmupSweep.csv(results) }

    /// One JSON object: `bench`, the operating point's `fresh_hit_rate`, `generations_per_login`,
    /// `threshold`, feeds held, the oracle's figures, and the fixed schedule and keep-recent
    /// fresh-hit rates at equal cost.
    public var summaryJSON: String {
        var fields: [(String, String)] = [("bench", "\"warmup\"")]
        func number(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "null" }
            return String(format: "%.4f", value)
        }
        let point = operatingPoint
        fields.append(("fresh_hit_rate", number(point?.freshHitRate)))
        fields.append(("generations_per_login", number(point?.generationsPerLogin)))
        fields.append(("threshold", number(point?.knob)))
        fields.append(("feeds_peak", point.map { String($0.feedsPeak) } ?? "null"))
        fields.append(("feeds_mean", number(point?.feedsMean)))
        fields.append(("oracle_fresh_hit_rate", number(oracle?.freshHitRate)))
        fields.append(("oracle_generations_per_login", number(oracle?.generationsPerLogin)))
        fields.append(("fixed_fresh_hit_rate_at_equal_cost", number(fixedAtEqualCost)))
        fields.append(("keep_recent_fresh_hit_rate_at_equal_cost", number(keepRecentAtEqualCost)))
        fields.append(("logins", point.map { String($0.logins) } ?? "null"))
        for group in groups {
            fields.append(("fresh_hit_rate_\(group.group)", number(group.freshHitRate)))
        }
        fields.append(("max_feed_age_seconds", number(costModel.maxFeedAge)))
        fields.append(("horizon_seconds", number(model.horizon)))
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    private static func short(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }
}
