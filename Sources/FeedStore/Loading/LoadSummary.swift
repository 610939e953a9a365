import FeedWorld

/// What a load did: rows loaded and rejected per file, and the bad rows with their reasons.
public struct LoadSummary: Sendable {
    /// One bad row: where it is and why it was rejected.
    public struct Issue: Sendable, Hashable, CustomStringConvertible {
        /// The file name, e.g. `actions.jsonl`.
        public var file: String
        /// 1-based line number.
        public var line: Int
        /// Why the row was rejected.
        public var reason: String

        public var description: String { "\(file):\(line): \(reason)" }
    }

    /// Counts of one file.
    public struct FileCounts: Sendable, Hashable {
        /// Rows loaded.
        public var loaded = 0
        /// Rows rejected.
        public var rejected = 0
        /// Seconds spent on the file.
        public var seconds: Double = 0
    }

    /// Counts per load file (absent files are not listed).
    public var files: [LoadFile: FileCounts] = [:]
    /// Files that were not found in the directory.
    public var missingFiles: [LoadFile] = []
    /// The first bad rows (up to the loader's limit); `rejectedRows` counts all of them.
    public var issues: [Issue] = []
    /// Redis commands sent.
    public var commands = 0
    /// Wall-clock seconds.
    public var seconds: Double = 0

    /// Good rows over all files.
    public var loadedRows: Int { files.values.reduce(0) { $0 + $1.loaded } }
    /// Bad rows over all files.
    public var rejectedRows: Int { files.values.reduce(0) { $0 + $1.rejected } }

    /// Several lines: per-file counts and a total.
    public var report: String {
        var lines: [String] = []
        for file in LoadFile.allCases {
            if let counts = files[file] {
                lines.append("\(file.rawValue): \(counts.loaded) loaded, \(counts.rejected) rejected")
            }
        }
        for file in missingFiles { lines.append("\(file.rawValue): no file, skipped") }
        lines.append("total: \(loadedRows) rows loaded, \(rejectedRows) rejected, \(commands) Redis commands")
        return lines.joined(separator: "\n")
    }
}
