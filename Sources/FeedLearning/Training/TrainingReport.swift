import FeedCore
import Foundation

/// Human- and tool-readable forms of a `TrainingResult`.
public enum TrainingReport {
    /// A fixed-width table, one line per head, headed by the column names.
    public static func table(_ result: TrainingResult) -> [String] {
        func cell(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
        func number(_ value: Double, _ digits: Int) -> String {
            value.isNaN ? "—" : String(format: "%.\(digits)f", value)
        }
        var lines = [
            ["head", "train", "train+", "eval", "eval+", "w", "base rate", "AUC", "log-loss", "NE", "calib", "iter"]
                .enumerated().map { cell($0.element, $0.offset == 0 ? 8 : 10) }.joined()
        ]
        for m in result.metrics {
            var fields = [
                cell(m.action.rawValue, 8), cell("\(m.trainingRows)", 10), cell("\(m.trainingPositives)", 10),
                cell("\(m.evaluationRows)", 10), cell("\(m.evaluationPositives)", 10),
                cell(number(m.negativeSamplingRate, 3), 10), cell(number(m.baseRate, 5), 10),
            ]
            if m.trained {
                fields += [
                    cell(number(m.auc, 4), 10), cell(number(m.logLoss, 5), 10), cell(number(m.normalizedEntropy, 4), 10),
                    cell(number(m.calibration, 3), 10), cell("\(m.iterations)\(m.converged ? "" : "*")", 10),
                ]
            } else {
                fields.append("  not trained: no positive or no negative training row")
            }
            lines.append(fields.joined())
        }
        return lines
    }

    /// The per-head metrics as JSON (NaN written as the string "nan").
    public static func metricsJSON(_ result: TrainingResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(result.metrics)
    }

    /// Evaluation predictions as CSV for calibration plots: `head,served_at_ms,p,label,weight`.
    public static func predictionsCSV(_ result: TrainingResult, rows: [TrainingRow]) -> String {
        var text = "head,served_at_ms,p,label,weight\n"
        for action in ActionType.heads {
            guard let predictions = result.evaluationPredictions[action] else { continue }
            for (index, p) in zip(result.evaluationRows, predictions) {
                let row = rows[index]
                text += "\(action.rawValue),\(row.servedAt),\(p),\(row.labels[action] ? 1 : 0),\(row.weight)\n"
            }
        }
        return text
    }
}
