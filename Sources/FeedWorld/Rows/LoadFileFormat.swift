/// How the rows of a load file are written.
public enum LoadFileFormat: String, CaseIterable, Codable, Sendable {
    /// One flat JSON object per line (JSON Lines).
    case jsonl
    /// RFC 4180 CSV with a header line naming the columns.
    case csv

    /// The file extension, without the dot.
    public var fileExtension: String { rawValue }

    /// The format for a file name's extension (`.jsonl`/`.json`/`.ndjson` or `.csv`), if any.
    public init?(fileName: String) {
        let lowercased = fileName.lowercased()
        if lowercased.hasSuffix(".jsonl") || lowercased.hasSuffix(".ndjson") || lowercased.hasSuffix(".json") {
            self = .jsonl
        } else if lowercased.hasSuffix(".csv") {
            self = .csv
        } else {
            return nil
        }
    }
}
