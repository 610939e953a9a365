import FeedCore
import Foundation

/// The CSV form of training rows: the JSONL keys as columns (`request_id` … `dwell_ms`), then one
/// column per feature named by the schema (`f0`, `f1`, … when the length differs). An empty feature
/// cell is missing (NaN). `model_version` is quoted when it holds a comma or a quote.
public enum TrainingRowCSV {
    /// The columns before the features.
    public static let leadingColumns =
        ["request_id", "user", "generation", "model_version", "post", "position", "served_at_ms", "weight"]
        + ActionType.heads.map(\.rawValue) + ["dwell_ms"]

    /// The header line for vectors of `featureCount` features.
    public static func header(featureCount: Int, schema: FeatureSchema = .current) -> String {
        let names = featureCount == schema.count ? schema.names : (0..<featureCount).map { "f\($0)" }
        return (leadingColumns + names).joined(separator: ",")
    }

    /// One line (without the newline).
    public static func encode(_ row: TrainingRow) -> String {
        var line = "\(row.requestID),\(row.user),\(row.generation),\(quoted(row.modelVersion)),\(row.post)"
        line += ",\(row.position),\(row.servedAt),\(row.weight)"
        for action in ActionType.heads { line += row.labels[action] ? ",1" : ",0" }
        line += ",\(row.labels.dwellMillis)"
        for value in row.features { line += value.isFinite ? ",\(value.description)" : "," }
        return line
    }

    /// Parses one data line.
    public static func decode(_ line: Substring) throws(TrainingRowIOError) -> TrainingRow {
        let cells = split(line)
        let leading = leadingColumns.count
        guard cells.count >= leading else { throw TrainingRowIOError("CSV row has \(cells.count) cells: \(line.prefix(80))") }
        func integer<T: FixedWidthInteger>(_ index: Int, _: T.Type = T.self) throws(TrainingRowIOError) -> T {
            guard let value = T(cells[index]) else {
                throw TrainingRowIOError("CSV column \(leadingColumns[index]) is not an integer: \(cells[index])")
            }
            return value
        }
        guard let weight = Double(cells[7]) else { throw TrainingRowIOError("CSV weight is not a number: \(cells[7])") }
        var labels = ActionLabels()
        for (offset, action) in ActionType.heads.enumerated() {
            labels[action] = try integer(8 + offset, Int.self) != 0
        }
        labels.dwellMillis = try integer(14)
        var features: [Float] = []
        features.reserveCapacity(cells.count - leading)
        for cell in cells[leading...] {
            if cell.isEmpty {
                features.append(.nan)
            } else if let value = Float(cell) {
                features.append(value)
            } else {
                throw TrainingRowIOError("CSV feature is not a number: \(cell)")
            }
        }
        return TrainingRow(
            requestID: RequestID(try integer(0, UInt64.self)), user: UserID(try integer(1, UInt64.self)),
            generation: GenerationID(try integer(2, UInt64.self)), modelVersion: cells[3],
            post: PostID(try integer(4, UInt64.self)), position: try integer(5), servedAt: try integer(6),
            features: features, labels: labels, weight: weight)
    }

    static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Splits one line into cells, honouring double quotes.
    static func split(_ line: Substring) -> [String] {
        var cells: [String] = []
        var cell = ""
        var inQuotes = false
        var iterator = line.makeIterator()
        var pendingQuote = false
        while let character = iterator.next() {
            if inQuotes {
                if pendingQuote {
                    pendingQuote = false
                    if character == "\"" { cell.append("\""); continue }
                    inQuotes = false
                } else if character == "\"" {
                    pendingQuote = true
                    continue
                } else {
                    cell.append(character)
                    continue
                }
            }
            switch character {
            case ",":
                cells.append(cell)
                cell = ""
            case "\"" where cell.isEmpty:
                inQuotes = true
            default:
                cell.append(character)
            }
        }
        cells.append(cell)
        return cells
    }
}
