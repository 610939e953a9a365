import FeedCore
import Foundation

/// Writes training rows into a directory partitioned by served hour, one commit at a time:
///
/// ```
/// <dir>/manifest.json                         the commit point (TrainingRowManifest)
/// <dir>/hour=2026-11-25T10/part-000003.jsonl   rows of that hour from commit 3
/// <dir>/checkpoints/checkpoint-000003.json     the join state of commit 3
/// ```
/// `commit` writes every part file and the checkpoint atomically (temporary file, fsync, rename),
/// then replaces the manifest atomically. Opening a directory removes the files a crashed commit
/// left behind (not named by the manifest), so rows, checkpoint and stream positions always agree:
/// resuming from the manifest's checkpoint and positions neither repeats nor loses a row.
public struct TrainingRowWriter: Sendable {
    /// The row directory.
    public let directory: URL
    /// The manifest as of the last commit.
    public private(set) var manifest: TrainingRowManifest

    private static let checkpointDirectory = "checkpoints"

    /// Opens (or creates) a row directory, recovering from an interrupted commit. An existing
    /// directory must use the same row format and schema.
    public init(directory: URL, format: TrainingRowFormat, schema: FeatureSchema = .current) throws(TrainingRowIOError) {
        self.directory = directory
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw TrainingRowIOError("cannot create \(directory.path): \(error)")
        }
        let manifestURL = directory.appendingPathComponent(TrainingRowManifest.fileName)
        if manager.fileExists(atPath: manifestURL.path) {
            let existing = try TrainingRowReader.readManifest(directory: directory)
            guard existing.rowFormat == format else {
                throw TrainingRowIOError("\(directory.path) holds \(existing.rowFormat.rawValue) rows, not \(format.rawValue)")
            }
            guard existing.featureSchema == LogisticModelFile.Schema(schema) else {
                throw TrainingRowIOError("\(directory.path) holds rows of feature schema \(existing.featureSchema.hash)")
            }
            manifest = existing
        } else {
            manifest = TrainingRowManifest(rowFormat: format, schema: schema)
        }
        try removeUncommittedFiles()
    }

    /// The join checkpoint of the last commit, if one was written.
    public func checkpoint() throws(TrainingRowIOError) -> Data? {
        guard let path = manifest.checkpoint else { return nil }
        do {
            return try Data(contentsOf: directory.appendingPathComponent(path))
        } catch {
            throw TrainingRowIOError("cannot read checkpoint \(path): \(error)")
        }
    }

    /// Commits `rows` (any order; grouped by served hour, order kept within an hour) together with
    /// the stream positions they cover (merged into the manifest's), the join checkpoint and its
    /// counters. Returns the new manifest. An empty `rows` still commits positions and checkpoint.
    @discardableResult
    public mutating func commit(
        _ rows: [TrainingRow], coveredPositions: [String: String] = [:], checkpoint: Data? = nil,
        counters: JoinCounters? = nil
    ) throws(TrainingRowIOError) -> TrainingRowManifest {
        var next = manifest
        next.commit += 1
        let tag = String(format: "%06d", next.commit)
        var byHour: [Int64: [TrainingRow]] = [:]
        for row in rows { byHour[row.servedHour, default: []].append(row) }
        let header = TrainingRowCSV.header(
            featureCount: rows.first?.features.count ?? manifest.featureSchema.names.count,
            schema: FeatureSchema(version: manifest.featureSchema.version, names: manifest.featureSchema.names))
        for hour in byHour.keys.sorted() {
            let hourRows = byHour[hour]!
            let folder = "hour=\(UTCHour.name(hour))"
            let path = "\(folder)/part-\(tag).\(manifest.rowFormat.fileExtension)"
            var text = ""
            switch manifest.rowFormat {
            case .jsonl:
                for row in hourRows { text += TrainingRowJSONL.encode(row) + "\n" }
            case .csv:
                text = header + "\n"
                for row in hourRows { text += TrainingRowCSV.encode(row) + "\n" }
            }
            try createDirectory(folder)
            try AtomicFile.write(Data(text.utf8), to: directory.appendingPathComponent(path))
            next.files.append(.init(path: path, hour: hour, rows: hourRows.count, commit: next.commit))
            next.totalRows += hourRows.count
        }
        let previousCheckpoint = manifest.checkpoint
        if let checkpoint {
            try createDirectory(Self.checkpointDirectory)
            let path = "\(Self.checkpointDirectory)/checkpoint-\(tag).json"
            try AtomicFile.write(checkpoint, to: directory.appendingPathComponent(path))
            next.checkpoint = path
        }
        next.coveredPositions.merge(coveredPositions) { $1 }
        if let counters { next.counters = counters }
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            data = try encoder.encode(next)
        } catch {
            throw TrainingRowIOError("cannot encode manifest: \(error)")
        }
        try AtomicFile.write(data, to: directory.appendingPathComponent(TrainingRowManifest.fileName))
        manifest = next
        if let previousCheckpoint, previousCheckpoint != next.checkpoint {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(previousCheckpoint))
        }
        return next
    }

    private func createDirectory(_ relative: String) throws(TrainingRowIOError) {
        do {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(relative), withIntermediateDirectories: true)
        } catch {
            throw TrainingRowIOError("cannot create \(relative): \(error)")
        }
    }

    /// Deletes part files, checkpoints and temporary files the manifest does not name.
    private func removeUncommittedFiles() throws(TrainingRowIOError) {
        let manager = FileManager.default
        var keep = Set(manifest.files.map(\.path))
        if let checkpoint = manifest.checkpoint { keep.insert(checkpoint) }
        guard let enumerator = manager.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return
        }
        let base = directory.standardizedFileURL.path
        var removed = false
        for case let url as URL in enumerator {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base + "/") else { continue }
            let relative = String(path.dropFirst(base.count + 1))
            let name = url.lastPathComponent
            let isOurs = name.hasPrefix(AtomicFile.temporaryPrefix)
                || (relative.hasPrefix("hour=") && name.hasPrefix("part-"))
                || (relative.hasPrefix(Self.checkpointDirectory + "/") && name.hasPrefix("checkpoint-"))
            if isOurs, !keep.contains(relative) {
                try? manager.removeItem(at: url)
                removed = true
            }
        }
        if removed { try AtomicFile.syncDirectory(directory) }
    }
}
