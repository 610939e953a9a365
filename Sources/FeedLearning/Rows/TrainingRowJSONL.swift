import FeedCore
import Foundation

/// The JSONL form of a training row: one object per line with keys `request_id`, `user`,
/// `generation`, `model_version`, `post`, `position`, `served_at_ms`, `weight`, one 0/1 key per head
/// (`click` … `report`), `dwell_ms` and `features` (numbers, `null` = missing).
public enum TrainingRowJSONL {
    /// One line (without the newline). Non-finite features are written as `null`.
    public static func encode(_ row: TrainingRow) -> String {
        var line = "{\"request_id\":\(row.requestID),\"user\":\(row.user),\"generation\":\(row.generation)"
        line += ",\"model_version\":\(quoted(row.modelVersion)),\"post\":\(row.post),\"position\":\(row.position)"
        line += ",\"served_at_ms\":\(row.servedAt),\"weight\":\(row.weight)"
        for action in ActionType.heads { line += ",\"\(action.rawValue)\":\(row.labels[action] ? 1 : 0)" }
        line += ",\"dwell_ms\":\(row.labels.dwellMillis),\"features\":["
        for (index, value) in row.features.enumerated() {
            if index > 0 { line += "," }
            line += value.isFinite ? value.description : "null"
        }
        line += "]}"
        return line
    }

    /// Parses one line (a fast scanner for the lines `encode` writes, else a full JSON decoder).
    public static func decode(_ line: Substring) throws(TrainingRowIOError) -> TrainingRow {
        if let row = TrainingRowJSONLScanner.scan(line) { return row }
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(line.utf8))
        } catch {
            throw TrainingRowIOError("bad JSONL row: \(error)")
        }
        var labels = ActionLabels()
        labels.click = wire.click != 0
        labels.like = wire.like != 0
        labels.comment = wire.comment != 0
        labels.share = wire.share != 0
        labels.hide = wire.hide != 0
        labels.report = wire.report != 0
        labels.dwellMillis = wire.dwellMillis
        return TrainingRow(
            requestID: wire.requestID, user: wire.user, generation: wire.generation, modelVersion: wire.modelVersion,
            post: wire.post, position: wire.position, servedAt: wire.servedAt, features: wire.features.map { $0 ?? .nan },
            labels: labels, weight: wire.weight)
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private struct Wire: Decodable {
        var requestID: RequestID
        var user: UserID
        var generation: GenerationID
        var modelVersion: String
        var post: PostID
        var position: Int
        var servedAt: Int64
        var weight: Double
        var click: Int
        var like: Int
        var comment: Int
        var share: Int
        var hide: Int
        var report: Int
        var dwellMillis: Int64
        var features: [Float?]

        enum CodingKeys: String, CodingKey {
            case requestID = "request_id"
            case user, generation
            case modelVersion = "model_version"
            case post, position
            case servedAt = "served_at_ms"
            case weight, click, like, comment, share, hide, report
            case dwellMillis = "dwell_ms"
            case features
        }
    }
}
