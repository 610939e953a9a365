import FeedCore
import Foundation
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Appends generations' feature logs to this process's segment files (``FeatureLogSegmentFormat``)
/// and keeps the directory bounded.
///
/// The generator calls ``append(_:)`` once per batch, **before** the batch's snapshots become
/// visible in Redis, so no page can be served whose features are not logged; a failed append fails
/// the batch (its jobs are retried), it never drops a log silently. Each record is two `write(2)`s,
/// its 32-byte header and its log (page cache; ~150 KB per 500-item feed), under one lock, so a
/// file's records never interleave; `fdatasync` runs at most once per
/// ``Settings/syncInterval`` (1 s: the durability of Redis's `appendfsync everysec`, which
/// holds the snapshots these logs belong to) and when a file is closed.
///
/// Retention: hour directories whose hour is more than ``Settings/retentionHours`` before the newest
/// generation written are deleted, and the oldest hours go first while the directory holds more than
/// ``Settings/maxBytes`` (checked at most once a minute; never the hour being written).
public final class FeatureLogSegmentWriter: Sendable {
    /// Bounds and timings.
    public struct Settings: Sendable {
        /// Hours of segments kept behind the newest generation: a generation can be served for the
        /// feed TTL (8 d) and the join reads its features up to its window (24 h) after the
        /// impression; 9 days plus one hour of margin by default.
        public var retentionHours = 9 * 24 + 1
        /// Most bytes in the directory (all writers together) before the oldest hours are deleted.
        public var maxBytes: Int64 = 200 * 1 << 30
        /// Longest time between `fdatasync` calls while writing.
        public var syncInterval: Duration = .seconds(1)
        /// Shortest time between two retention sweeps.
        public var sweepInterval: Duration = .seconds(60)

        public init() {}
    }

    /// The segment directory.
    public let directory: URL
    /// This process's file name (without extension) in every hour directory.
    public let writerName: String
    public let settings: Settings
    private let logger: Logger
    private let state = Mutex(State())

    private struct State: ~Copyable {
        var files: [Int: Int32] = [:]
        var lastSync = ContinuousClock.now
        var lastSweep: ContinuousClock.Instant?
        var newestHour = 0
        var bytesWritten: Int64 = 0
        var records: Int64 = 0
    }

    /// Errors of the segment store.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A writer appending under `directory` (created if absent).
    public init(directory: URL, settings: Settings = Settings(), writerName: String? = nil, logger: Logger) throws {
        self.directory = directory
        self.settings = settings
        self.logger = logger
        let hostName = ProcessInfo.processInfo.hostName.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        let started = UInt64(Date().timeIntervalSince1970 * 1_000_000)
        self.writerName = writerName ?? "\(hostName.isEmpty ? "host" : hostName)-\(getpid())-\(started)"
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        state.withLock { state in
            for file in state.files.values {
                _ = fdatasync(file)
                _ = close(file)
            }
        }
    }

    /// Bytes and records appended by this writer since it started.
    public var totals: (bytes: Int64, records: Int64) { state.withLock { ($0.bytesWritten, $0.records) } }

    /// One generation's log to append.
    public struct Entry: Sendable {
        public var user: UserID
        public var generation: GenerationID
        /// The ``FeatureLogFormat`` blob.
        public var log: [UInt8]

        public init(user: UserID, generation: GenerationID, log: [UInt8]) {
            self.user = user
            self.generation = generation
            self.log = log
        }
    }

    /// Appends `entries` (one `write` per hour they fall in); throws if any byte could not be written.
    public func append(_ entries: [Entry]) throws {
        guard !entries.isEmpty else { return }
        var byHour: [Int: [Entry]] = [:]
        for entry in entries { byHour[FeatureLogSegmentFormat.hour(of: entry.generation), default: []].append(entry) }
        let sweepDue = try state.withLock { state -> Bool in
            for hour in byHour.keys.sorted() {
                let descriptor = try open(hour: hour, state: &state)
                // Header and log are written where they are: concatenating them first would copy
                // every ~150 KB log once more on the generation's path.
                for entry in byHour[hour]! {
                    let header = FeatureLogSegmentFormat.recordHeader(
                        user: entry.user, generation: entry.generation, payloadLength: entry.log.count)
                    try writeAll(header, to: descriptor)
                    try writeAll(entry.log, to: descriptor)
                    state.bytesWritten += Int64(header.count + entry.log.count)
                    state.records += 1
                }
                state.newestHour = max(state.newestHour, hour)
            }
            let now = ContinuousClock.now
            if now - state.lastSync >= settings.syncInterval {
                for file in state.files.values { _ = fdatasync(file) }
                state.lastSync = now
            }
            if let last = state.lastSweep, now - last < settings.sweepInterval { return false }
            state.lastSweep = now
            return true
        }
        if sweepDue { sweep() }
    }

    /// Flushes the open file to disk.
    public func sync() {
        state.withLock { state in
            for file in state.files.values { _ = fdatasync(file) }
        }
    }

    /// Deletes hours past the retention and, oldest first, past the byte bound.
    /// - Returns: the hour directories deleted.
    @discardableResult
    public func sweep() -> [String] {
        let (newest, current) = state.withLock { ($0.newestHour, $0.files.keys.max() ?? -1) }
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory.path) else { return [] }
        var hours = names.compactMap { name in FeatureLogSegmentFormat.hour(directoryName: name).map { (name, $0) } }
        hours.sort { $0.1 < $1.1 }
        var deleted: [String] = []
        var kept: [(String, Int)] = []
        for (name, hour) in hours {
            if hour < newest - settings.retentionHours, hour != current {
                if (try? fileManager.removeItem(at: directory.appendingPathComponent(name))) != nil { deleted.append(name) }
            } else {
                kept.append((name, hour))
            }
        }
        var sizes = kept.map { Self.bytes(in: directory.appendingPathComponent($0.0)) }
        var total = sizes.reduce(0, +)
        var index = 0
        while total > settings.maxBytes, index < kept.count, kept[index].1 != current {
            if (try? fileManager.removeItem(at: directory.appendingPathComponent(kept[index].0))) != nil {
                deleted.append(kept[index].0)
                total -= sizes[index]
                sizes[index] = 0
            }
            index += 1
        }
        if !deleted.isEmpty {
            logger.info("feature log segments deleted", metadata: [
                "feature_log.hours": "\(deleted.count)", "feature_log.oldest_kept": "\(kept.dropFirst(index).first?.0 ?? "-")",
            ])
        }
        return deleted
    }

    static func bytes(in directory: URL) -> Int64 {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return 0 }
        var total: Int64 = 0
        for name in names {
            var info = stat()
            if stat(directory.appendingPathComponent(name).path, &info) == 0 { total += Int64(info.st_size) }
        }
        return total
    }

    /// The file of `hour`, opened on first use; files of hours before the previous one are closed
    /// (generation ids follow the clock, so a batch writes to the current hour and, rarely, the one before).
    private func open(hour: Int, state: inout State) throws -> Int32 {
        if let descriptor = state.files[hour] { return descriptor }
        let folder = directory.appendingPathComponent(FeatureLogSegmentFormat.directoryName(hour: hour))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("\(writerName).\(FeatureLogSegmentFormat.fileExtension)").path
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        state.files[hour] = descriptor
        let newest = state.files.keys.max() ?? hour
        for (old, file) in state.files where old < newest - 1 {
            _ = fdatasync(file)
            _ = close(file)
            state.files[old] = nil
        }
        return descriptor
    }

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws {
        var written = 0
        try bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let result = write(descriptor, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw Failure(description: "feature log write failed: \(String(cString: strerror(errno)))")
                }
                written += result
            }
        }
    }
}
