import FeedCore
import FeedLearning
import Foundation

/// The loop's printed table, its JSON line and its files (per-round metrics, calibration bins,
/// held-out predictions). Pure formatting; ``write(_:to:)`` writes the files.
public enum LoopReport {
    /// Column widths of the table (the first column left-aligned, the others right-aligned).
    static let widths = [5, 11, 8, 10, 10, 8, 8, 8, 10, 10, 8]

    /// The table header.
    public static let header = cells([
        "round", "model", "impr", "value/imp", "E[v]/imp", "CTR", "hide", "AUC", "ctl v/imp", "ctl E[v]", "rows",
    ])

    /// One table line: the treatment arm's figures, the ranking model's held-out click AUC, the
    /// control arm's value, rows joined in the round.
    public static func line(_ round: LoopRound) -> String {
        func f(_ value: Double, _ digits: Int) -> String { value.isNaN ? "—" : String(format: "%.\(digits)f", value) }
        return cells([
            "\(round.round)", String(round.modelVersion.prefix(11)), "\(round.treatment.impressions)",
            f(round.treatment.valuePerImpression, 4), f(round.treatment.expectedValuePerImpression, 4),
            f(round.treatment.rate(.click), 4), f(round.treatment.rate(.hide), 4), f(round.clickAUC, 4),
            f(round.control.valuePerImpression, 4), f(round.control.expectedValuePerImpression, 4), "\(round.rows)",
        ])
    }

    /// Column widths of the diagnostics table.
    static let diagnosticWidths = [5, 9, 8, 8, 8, 8, 9, 9, 9, 8, 8]

    /// The header of the diagnostics table (printed after the rounds): what was served under the
    /// hidden truth, and the environment it was served from.
    public static let diagnosticsHeader = cells([
        "round", "elapsed h", "age h", "foll %", "match", "disl %", "new posts", "unseen fo", "oracle Ev", "eng 1h", "eng 1d",
    ], widths: diagnosticWidths)

    /// One diagnostics line: hours since the history's end at the round's start, mean age of served
    /// posts (hours), share from followed authors, mean topic match and share on disliked topics
    /// (both arms), posts released, mean unseen followed posts per reader at generation, the oracle
    /// value of the best of them, and the mean `post_log_engagements_1h` / `_1d` features served.
    public static func diagnosticsLine(_ round: LoopRound) -> String {
        func f(_ value: Double, _ digits: Int) -> String { value.isNaN ? "—" : String(format: "%.\(digits)f", value) }
        var both = round.treatment
        both.merge(round.control)
        let d = round.diagnostics
        return cells([
            "\(round.round)", f(d.elapsedHours, 1),
            f(both.meanServedAgeHours, 1), f(both.followedShare * 100, 1), f(both.meanTopicMatch, 3),
            f(both.dislikedShare * 100, 1), "\(d.releasedPosts)", f(d.meanUnseenFollowed, 1),
            f(d.oracleValuePerImpression, 4), f(d.meanPostLogEngagements1h, 3), f(d.meanPostLogEngagements1d, 3),
        ], widths: diagnosticWidths)
    }

    static func cells(_ values: [String]) -> String { cells(values, widths: widths) }

    static func cells(_ values: [String], widths: [Int]) -> String {
        zip(values, widths).enumerated().map { index, pair in
            let (text, width) = pair
            let pad = String(repeating: " ", count: max(0, width - text.count))
            return index <= 1 ? text + pad : pad + text
        }.joined(separator: " ")
    }

    /// The last line: one JSON object.
    public static func jsonLine(_ summary: LoopSummary, configuration: LoopConfiguration) -> String {
        let last = summary.rounds.last
        let fields: [(String, String)] = [
            ("bench", "\"loop\""),
            ("baseline_value_per_impression", number(summary.baselineValuePerImpression)),
            ("final_value_per_impression", number(summary.finalValuePerImpression)),
            ("auc", number(summary.auc)),
            ("rounds", "\(max(0, summary.rounds.count - 1))"),
            ("lift", number(summary.lift)),
            ("baseline_expected_value_per_impression", number(summary.rounds.first?.treatment.expectedValuePerImpression ?? .nan)),
            ("final_expected_value_per_impression", number(last?.treatment.expectedValuePerImpression ?? .nan)),
            ("control_final_value_per_impression", number(last?.control.valuePerImpression ?? .nan)),
            ("control_final_expected_value_per_impression", number(last?.control.expectedValuePerImpression ?? .nan)),
            ("baseline_auc", number(summary.rounds.first?.clickAUC ?? .nan)),
            ("control_value_per_impression", number(summary.finalControlValuePerImpression)),
            ("lift_vs_control", number(summary.liftVersusControl)),
            ("round_hours", number(configuration.roundHours)),
            ("slots_per_round", "\(configuration.roundHours > 0 ? configuration.slotsPerRound : 1)"),
            ("released_posts", "\(summary.rounds.reduce(0) { $0 + $1.diagnostics.releasedPosts })"),
            ("users", "\(configuration.users)"), ("posts", "\(configuration.posts)"),
            ("impressions_per_round", "\(summary.rounds.first.map { $0.treatment.impressions + $0.control.impressions } ?? 0)"),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// `rounds.csv`: one line per round.
    public static func roundsCSV(_ summary: LoopSummary) -> String {
        var text = "round,value_per_impression,expected_value_per_impression,click_through,hide_rate,auc_click,"
            + "control_value_per_impression,control_expected_value_per_impression,impressions,rows,training_rows,"
            + "elapsed_hours,released_posts,served_age_hours,followed_share,topic_match,disliked_share,"
            + "unseen_followed,oracle_value_per_impression,post_log_engagements_1h,post_log_engagements_1d\n"
        for r in summary.rounds {
            var fields: [String] = [
                "\(r.round)", number(r.treatment.valuePerImpression), number(r.treatment.expectedValuePerImpression),
                number(r.treatment.rate(.click)), number(r.treatment.rate(.hide)), number(r.clickAUC),
                number(r.control.valuePerImpression), number(r.control.expectedValuePerImpression),
                "\(r.treatment.impressions)", "\(r.rows)", "\(r.trainingRows)",
            ]
            var both = r.treatment
            both.merge(r.control)
            let d = r.diagnostics
            fields += [
                number(d.elapsedHours), "\(d.releasedPosts)", number(both.meanServedAgeHours), number(both.followedShare),
                number(both.meanTopicMatch), number(both.dislikedShare), number(d.meanUnseenFollowed),
                number(d.oracleValuePerImpression), number(d.meanPostLogEngagements1h), number(d.meanPostLogEngagements1d),
            ]
            text += fields.map { $0 == "null" ? "" : $0 }.joined(separator: ",") + "\n"
        }
        return text
    }

    /// `calibration.csv`: per round and head, the binned predicted vs observed rates of the
    /// model that ranked the round, on the round's rows.
    public static func calibrationCSV(_ summary: LoopSummary) -> String {
        var text = "round,model,head,bin,predicted,observed,rows\n"
        for r in summary.rounds {
            guard let heldOut = r.heldOut else { continue }
            for head in heldOut.heads {
                for (index, bin) in head.bins.enumerated() {
                    text += "\(r.round),\(r.modelVersion),\(head.action.rawValue),\(index),\(bin.predicted),\(bin.observed),\(bin.rows)\n"
                }
            }
        }
        return text
    }

    /// `rounds.json`: every round's tallies, join counters and held-out figures.
    public static func roundsJSON(_ summary: LoopSummary) throws -> Data {
        struct Entry: Encodable {
            var round: Int
            var modelVersion: String
            var treatment: RoundTally
            var control: RoundTally
            var valuePerImpression: Double
            var expectedValuePerImpression: Double
            var clickThrough: Double
            var hideRate: Double
            var feedsGenerated: Int
            var join: JoinCounters
            var rows: Int
            var trainingRows: Int
            var heldOut: [HeldOutEvaluation.Head]
            var published: String?
            var diagnostics: RoundDiagnostics
            var seconds: [String: Double]
        }
        let entries = summary.rounds.map { r in
            Entry(round: r.round, modelVersion: r.modelVersion, treatment: r.treatment, control: r.control,
                  valuePerImpression: r.treatment.valuePerImpression,
                  expectedValuePerImpression: r.treatment.expectedValuePerImpression,
                  clickThrough: r.treatment.rate(.click), hideRate: r.treatment.rate(.hide),
                  feedsGenerated: r.feedsGenerated, join: r.join, rows: r.rows, trainingRows: r.trainingRows,
                  heldOut: r.heldOut?.heads ?? [], published: r.published, diagnostics: r.diagnostics, seconds: r.seconds)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(entries)
    }

    /// Held-out predictions in `prefeed train --predictions-out` form (`head,served_at_ms,p,label,weight`).
    public static func predictionsCSV(_ evaluation: HeldOutEvaluation, rows: [TrainingRow]) -> String {
        var text = "head,served_at_ms,p,label,weight\n"
        for action in ActionType.heads {
            guard let predictions = evaluation.predictions[action] else { continue }
            for (row, p) in zip(rows, predictions) {
                text += "\(action.rawValue),\(row.servedAt),\(p),\(row.labels[action] ? 1 : 0),\(row.weight)\n"
            }
        }
        return text
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.6g", value) : "null"
    }
}
