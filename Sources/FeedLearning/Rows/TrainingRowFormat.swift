/// The file format of training rows.
public enum TrainingRowFormat: String, Sendable, Codable, CaseIterable {
    /// One JSON object per line; features as an array with `null` for missing.
    case jsonl
    /// A header line, then one line per row; features one column each, named by the schema, empty
    /// for missing.
    case csv

    /// The file name extension.
    public var fileExtension: String { rawValue }
}
