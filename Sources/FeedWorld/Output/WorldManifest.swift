/// `world.json`: what a world directory holds and how it was made. Written last, so a directory
/// with a manifest is complete.
public struct WorldManifest: Codable, Sendable, Hashable {
    /// Version of the directory layout (1).
    public var formatVersion: Int
    /// The generator config, seed included: enough to regenerate the same world.
    public var config: WorldConfig
    /// Format of the load files.
    public var format: LoadFileFormat
    /// History start, Unix seconds.
    public var startTime: Double
    /// History end, Unix seconds.
    public var endTime: Double
    /// Dimension of post topic vectors.
    public var topicDimension: Int
    /// File name of each load file, keyed by ``LoadFile`` raw value.
    public var files: [String: String]
    /// The hidden-truth file (JSONL of ``UserTruth``), for evaluation only.
    public var truthFile: String
    /// Row counts.
    public var counts: WorldCounts

    /// Creates a manifest.
    public init(
        formatVersion: Int = 1, config: WorldConfig, format: LoadFileFormat, counts: WorldCounts,
        truthFile: String = WorldWriter.truthFileName
    ) {
        self.formatVersion = formatVersion
        self.config = config
        self.format = format
        startTime = config.startTime
        endTime = config.endTime
        topicDimension = config.topicDimension
        files = Dictionary(uniqueKeysWithValues: LoadFile.allCases.map { ($0.rawValue, $0.fileName(format: format)) })
        self.truthFile = truthFile
        self.counts = counts
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case config
        case format
        case startTime = "start_time"
        case endTime = "end_time"
        case topicDimension = "topic_dimension"
        case files
        case truthFile = "truth_file"
        case counts
    }
}
