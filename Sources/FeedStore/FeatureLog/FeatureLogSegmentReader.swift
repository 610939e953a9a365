import FeedCore
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Reads logged feature vectors from the segment files (``FeatureLogSegmentFormat``): the join's
/// lookup of what the model saw. Payloads are ``CompactFeatureLogFormat`` (format 2, written since
/// 2026-12-03) or ``FeatureLogFormat`` (format 1, before).
///
/// A generation's hour comes from its id, so a read opens only the hour directories of the
/// generations asked for. Each file's record headers are indexed once (then only the part appended
/// since); a generation's payload is read with one `pread` of its header and one per run of
/// consecutive positions. Indexes of the most recent ``maxIndexedHours`` hours are kept.
public final class FeatureLogSegmentReader: Sendable {
    /// The segment directory (all writers' files).
    public let directory: URL
    /// Hours whose file indexes stay in memory between reads.
    public let maxIndexedHours: Int
    private let indexes = Mutex<[Int: HourIndex]>([:])

    private struct FileIndex: Sendable {
        var scanned = 0
        var records: [Key: FeatureLogSegmentFormat.RecordHeader] = [:]
    }

    private struct HourIndex: Sendable {
        var files: [String: FileIndex] = [:]
    }

    private struct Key: Hashable, Sendable {
        var user: UserID
        var generation: GenerationID
    }

    /// A reader of the segments under `directory`.
    public init(directory: URL, maxIndexedHours: Int = 72) {
        self.directory = directory
        self.maxIndexedHours = maxIndexedHours
    }

    /// Reads every position of `requests`; generations not found are counted in `missingLogs`.
    public func read(_ requests: [FeatureLogReader.Request]) -> FeatureLogReader.Result {
        var result = FeatureLogReader.Result()
        var positionsByLog: [Key: Set<Int>] = [:]
        for request in requests {
            positionsByLog[Key(user: request.user, generation: request.generation), default: []]
                .formUnion(request.positions.filter { $0 >= 0 })
        }
        var byHour: [Int: [Key]] = [:]
        for key in positionsByLog.keys { byHour[FeatureLogSegmentFormat.hour(of: key.generation), default: []].append(key) }
        for (hour, keys) in byHour {
            let located = locate(keys, hour: hour)
            for key in keys {
                guard let (path, header) = located[key],
                    let entries = Self.entries(path: path, header: header, positions: positionsByLog[key]!)
                else {
                    result.missingLogs += 1
                    continue
                }
                result.entries[key.user, default: [:]][key.generation] = entries
            }
        }
        return result
    }

    /// Where each of `keys` is, refreshing the indexes of the hour's files first.
    private func locate(_ keys: [Key], hour: Int) -> [Key: (String, FeatureLogSegmentFormat.RecordHeader)] {
        let folder = directory.appendingPathComponent(FeatureLogSegmentFormat.directoryName(hour: hour))
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix("." + FeatureLogSegmentFormat.fileExtension) }.sorted()
        return indexes.withLock { indexes in
            var index = indexes[hour] ?? HourIndex()
            for name in names {
                let path = folder.appendingPathComponent(name).path
                var file = index.files[path] ?? FileIndex()
                Self.scan(path: path, into: &file)
                index.files[path] = file
            }
            indexes[hour] = index
            if indexes.count > maxIndexedHours, let newest = indexes.keys.max() {
                for old in indexes.keys where old <= newest - maxIndexedHours { indexes[old] = nil }
            }
            var found: [Key: (String, FeatureLogSegmentFormat.RecordHeader)] = [:]
            for key in keys {
                for (path, file) in index.files {
                    if let header = file.records[key] {
                        found[key] = (path, header)
                        break
                    }
                }
            }
            return found
        }
    }

    /// Indexes the records appended to `path` since the last scan (a cut-short last record is left
    /// for the next scan: its writer may still be writing it).
    private static func scan(path: String, into file: inout FileIndex) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return }
        let size = Int(info.st_size)
        var header = [UInt8](repeating: 0, count: FeatureLogSegmentFormat.recordHeaderSize)
        while file.scanned + FeatureLogSegmentFormat.recordHeaderSize <= size {
            let count = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, off_t(file.scanned)) }
            guard count == header.count, let record = FeatureLogSegmentFormat.header(header, offset: file.scanned),
                record.payloadOffset + record.payloadLength <= size
            else { return }
            file.records[Key(user: record.user, generation: record.generation)] = record
            file.scanned = record.payloadOffset + record.payloadLength
        }
    }

    /// The wanted positions of one logged generation.
    private static func entries(
        path: String, header: FeatureLogSegmentFormat.RecordHeader, positions: Set<Int>
    ) -> [Int: FeatureLogReader.Entry]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        func read(_ offset: Int, _ length: Int) -> [UInt8]? {
            var bytes = [UInt8](repeating: 0, count: length)
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, length, off_t(offset)) }
            return count == length ? bytes : nil
        }
        guard header.payloadLength >= FeatureLogFormat.headerSize,
            let top = read(header.payloadOffset, FeatureLogFormat.headerSize)
        else { return nil }
        var entries: [Int: FeatureLogReader.Entry] = [:]
        if var layout = CompactFeatureLogFormat.header(top, generation: header.generation) {
            // Format 2: constants once, then per run its item records, row offsets and rows.
            guard layout.rowsOffset <= header.payloadLength,
                let constants = read(header.payloadOffset + FeatureLogFormat.headerSize, layout.constantsSize),
                CompactFeatureLogFormat.readConstants(constants, into: &layout)
            else { return nil }
            for run in FeatureLogFormat.runs(of: positions, below: layout.itemCount) {
                guard let records = read(header.payloadOffset + layout.itemOffset(position: run.lowerBound),
                                         FeatureLogFormat.itemRecordSize * run.count),
                    let offsetBytes = read(header.payloadOffset + layout.rowOffsetOffset(position: run.lowerBound), 4 * (run.count + 1))
                else { return nil }
                let offsets = (0...run.count).map { Int(FeatureLogFormat.readUInt32(offsetBytes, 4 * $0)) }
                guard offsets.first! <= offsets.last!, layout.rowsOffset + offsets.last! <= header.payloadLength,
                    let rows = read(header.payloadOffset + layout.rowsOffset + offsets.first!, offsets.last! - offsets.first!)
                else { return nil }
                entries.merge(CompactFeatureLogFormat.entries(run: run, records: records, rowOffsets: offsets, rows: rows, layout: layout)) { _, new in new }
            }
            return entries
        }
        // Format 1 (segment files written before format 2): dense rows.
        guard let log = FeatureLogFormat.header(top, generation: header.generation) else { return nil }
        for run in FeatureLogFormat.runs(of: positions, below: log.itemCount) {
            let recordsStart = FeatureLogFormat.itemOffset(position: run.lowerBound)
            let featuresStart = FeatureLogFormat.featureOffset(position: run.lowerBound, itemCount: log.itemCount, featureCount: log.featureCount)
            let featuresEnd = FeatureLogFormat.featureOffset(position: run.upperBound + 1, itemCount: log.itemCount, featureCount: log.featureCount)
            guard featuresEnd <= header.payloadLength,
                let records = read(header.payloadOffset + recordsStart, FeatureLogFormat.itemRecordSize * run.count),
                let features = read(header.payloadOffset + featuresStart, featuresEnd - featuresStart)
            else { return nil }
            entries.merge(FeatureLogFormat.entries(run: run, records: records, features: features, featureCount: log.featureCount)) { _, new in new }
        }
        return entries
    }
}
