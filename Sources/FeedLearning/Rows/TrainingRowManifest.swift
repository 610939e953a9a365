import FeedCore

/// The commit record of a training-row directory (`manifest.json`): which row files exist, how
/// many rows each holds, the stream positions they cover and the join checkpoint that goes with
/// them. It is replaced atomically after the files it names are durable, so it is the single
/// commit point: files it does not name are leftovers of an interrupted commit.
public struct TrainingRowManifest: Codable, Sendable, Equatable {
    /// The `format` of every manifest.
    public static let formatName = "prefeed.training-rows"
    /// The `format_version` this code writes and reads.
    public static let currentFormatVersion = 1
    /// The manifest's file name inside the row directory.
    public static let fileName = "manifest.json"

    /// One row file.
    public struct File: Codable, Sendable, Hashable {
        /// Path relative to the row directory.
        public var path: String
        /// The served hour of its rows, hours since the Unix epoch (UTC).
        public var hour: Int64
        /// Rows in the file.
        public var rows: Int
        /// The commit that wrote it.
        public var commit: Int
    }

    /// `prefeed.training-rows`, version 1.
    public var format: String
    public var formatVersion: Int
    /// The row file format.
    public var rowFormat: TrainingRowFormat
    /// The feature schema of the rows' vectors.
    public var featureSchema: LogisticModelFile.Schema
    /// Commits so far.
    public var commit: Int
    /// Every committed row file, in commit order.
    public var files: [File]
    /// The sum of `files[].rows`.
    public var totalRows: Int
    /// Opaque positions (e.g. stream name → last entry id) the caller has fully consumed.
    public var coveredPositions: [String: String]
    /// The join checkpoint file (relative path) written with the last commit, if any.
    public var checkpoint: String?
    /// The join's counters at the last commit, if given.
    public var counters: JoinCounters?

    /// An empty manifest.
    public init(rowFormat: TrainingRowFormat, schema: FeatureSchema) {
        format = Self.formatName
        formatVersion = Self.currentFormatVersion
        self.rowFormat = rowFormat
        featureSchema = LogisticModelFile.Schema(schema)
        commit = 0
        files = []
        totalRows = 0
        coveredPositions = [:]
    }

    enum CodingKeys: String, CodingKey {
        case format
        case formatVersion = "format_version"
        case rowFormat = "row_format"
        case featureSchema = "feature_schema"
        case commit, files
        case totalRows = "total_rows"
        case coveredPositions = "covered_positions"
        case checkpoint, counters
    }
}
