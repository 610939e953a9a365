import Foundation

/// Writes a world into a directory: the five load files (`users`, `follows`, `posts`, `actions`,
/// `logins`, as `.jsonl` or `.csv`), `truth.jsonl` and the `world.json` manifest.
///
/// Files are written under temporary `.partial` names and renamed by ``finish(config:counts:)``,
/// which writes the manifest last: a directory with a `world.json` is complete. CSV files start
/// with their header line. This is the module's only I/O.
public struct WorldWriter: WorldRowSink {
    /// Name of the manifest file.
    public static let manifestFileName = "world.json"
    /// Name of the hidden-truth file.
    public static let truthFileName = "truth.jsonl"

    /// The world directory.
    public let directory: URL
    /// Format of the load files.
    public let format: LoadFileFormat
    private var loadFiles: [BufferedFileWriter]
    private var truthFile: BufferedFileWriter

    /// Creates `directory` if needed, removes an old manifest there and opens the files.
    public init(directory: URL, format: LoadFileFormat = .jsonl) throws {
        self.directory = directory
        self.format = format
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw WorldWriterError(path: directory.path, reason: "cannot create the directory (\(error))")
        }
        let manifest = directory.appendingPathComponent(WorldWriter.manifestFileName)
        if manager.fileExists(atPath: manifest.path) { try manager.removeItem(at: manifest) }
        loadFiles = try LoadFile.allCases.map { file in
            try BufferedFileWriter(url: directory.appendingPathComponent(file.fileName(format: format) + ".partial"))
        }
        truthFile = try BufferedFileWriter(url: directory.appendingPathComponent(WorldWriter.truthFileName + ".partial"))
        if format == .csv {
            try writeHeader(UserRow.self)
            try writeHeader(FollowRow.self)
            try writeHeader(PostRow.self)
            try writeHeader(ActionRow.self)
            try writeHeader(LoginRow.self)
        }
    }

    /// Bytes written so far over all files.
    public var byteCount: Int {
        loadFiles.reduce(truthFile.byteCount) { $0 + $1.byteCount }
    }

    /// Writes a user line.
    public mutating func write(_ row: UserRow) throws { try append(row) }
    /// Writes a follow line.
    public mutating func write(_ row: FollowRow) throws { try append(row) }
    /// Writes a post line.
    public mutating func write(_ row: PostRow) throws { try append(row) }
    /// Writes an action line.
    public mutating func write(_ row: ActionRow) throws { try append(row) }
    /// Writes a login line.
    public mutating func write(_ row: LoginRow) throws { try append(row) }

    /// Writes a truth line.
    public mutating func write(_ truth: UserTruth) throws {
        try truthFile.append { truth.appendJSONLine(to: &$0) }
    }

    /// Closes the files, gives them their final names (replacing older ones) and writes the
    /// manifest. Returns the manifest.
    public mutating func finish(config: WorldConfig, counts: WorldCounts) throws -> WorldManifest {
        var writers = loadFiles + [truthFile]
        for index in writers.indices { try writers[index].close() }
        let manager = FileManager.default
        for writer in writers {
            let final = writer.url.deletingPathExtension()
            if manager.fileExists(atPath: final.path) { try manager.removeItem(at: final) }
            try manager.moveItem(at: writer.url, to: final)
        }
        let manifest = WorldManifest(config: config, format: format, counts: counts)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var data = try encoder.encode(manifest)
        data.append(0x0A)
        try data.write(to: directory.appendingPathComponent(WorldWriter.manifestFileName), options: .atomic)
        return manifest
    }

    @inline(__always)
    private mutating func append<Row: LoadRow>(_ row: Row) throws {
        let format = self.format
        try loadFiles[Row.file.index].append { row.appendLine(to: &$0, format: format) }
    }

    private mutating func writeHeader<Row: LoadRow>(_ type: Row.Type) throws {
        try loadFiles[Row.file.index].append { buffer in
            buffer.appendString(Row.csvHeader)
            buffer.appendByte("\n")
        }
    }
}

extension LoadFile {
    /// Position in ``LoadFile/allCases``.
    var index: Int {
        switch self {
        case .users: 0
        case .follows: 1
        case .posts: 2
        case .actions: 3
        case .logins: 4
        }
    }
}
