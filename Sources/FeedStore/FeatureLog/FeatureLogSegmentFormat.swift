import FeedCore
import Foundation

/// The files the generators append their feature logs to, and the join reads: the features each
/// generation was ranked with leave Redis (they were 94 % of a user's Redis memory) for an
/// append-only store made for them.
///
/// Layout: `<directory>/<hour>/<writer>.pfls`, where `<hour>` is the UTC hour of the generation id
/// (`yyyy-MM-dd-HH`; generation ids are microseconds since the epoch, so the join finds a
/// generation's hour from its id alone) and `<writer>` names one writing process
/// (`<host>-<pid>-<start µs>`): every process appends to files of its own, so no file has two
/// writers. A file is a sequence of records:
///
/// ```
/// header   32 B  "PFR1" | payload length u32 | user u64 | generation u64 | reserved u64
/// payload        the generation's ``FeatureLogFormat`` blob ("PFL1": items, then Float32 features)
/// ```
/// A crash can leave a last record cut short; readers stop at a record whose payload runs past the
/// end of the file (the next process writes to a new file).
public enum FeatureLogSegmentFormat {
    /// Bytes of a record header.
    public static let recordHeaderSize = 32
    /// File name extension of segments.
    public static let fileExtension = "pfls"
    static let magic: [UInt8] = Array("PFR1".utf8)

    /// Seconds since the epoch of a generation id (microseconds).
    public static func seconds(of generation: GenerationID) -> Double { Double(generation.rawValue) / 1_000_000 }

    /// Hours since the epoch of a generation (its segment directory).
    public static func hour(of generation: GenerationID) -> Int { Int(generation.rawValue / 3_600_000_000) }

    /// The directory name of `hour` (hours since the epoch): `yyyy-MM-dd-HH`, UTC.
    public static func directoryName(hour: Int) -> String {
        let date = Date(timeIntervalSince1970: Double(hour) * 3600)
        let calendar = Calendar(identifier: .gregorian)
        let parts = calendar.dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d-%02d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0)
    }

    /// The hour a directory name stands for, or `nil` if it is not one.
    public static func hour(directoryName name: String) -> Int? {
        let fields = name.split(separator: "-").compactMap { Int($0) }
        guard fields.count == 4, name.count == 13 else { return nil }
        var components = DateComponents()
        components.timeZone = TimeZone(identifier: "UTC")
        (components.year, components.month, components.day, components.hour) = (fields[0], fields[1], fields[2], fields[3])
        guard let date = Calendar(identifier: .gregorian).date(from: components) else { return nil }
        return Int(date.timeIntervalSince1970 / 3600)
    }

    /// The 32-byte header of a record whose payload is `payloadLength` bytes.
    public static func recordHeader(user: UserID, generation: GenerationID, payloadLength: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(recordHeaderSize)
        bytes.append(contentsOf: magic)
        FeatureLogFormat.append(UInt32(payloadLength), to: &bytes)
        FeatureLogFormat.append(user.rawValue, to: &bytes)
        FeatureLogFormat.append(generation.rawValue, to: &bytes)
        FeatureLogFormat.append(UInt64(0), to: &bytes)
        return bytes
    }

    /// Appends one record (header and payload) to `bytes`.
    public static func appendRecord(user: UserID, generation: GenerationID, payload: [UInt8], to bytes: inout [UInt8]) {
        bytes.append(contentsOf: recordHeader(user: user, generation: generation, payloadLength: payload.count))
        bytes.append(contentsOf: payload)
    }

    /// A record header read back: whose generation, where its payload starts, how long it is.
    public struct RecordHeader: Hashable, Sendable {
        public var user: UserID
        public var generation: GenerationID
        public var payloadOffset: Int
        public var payloadLength: Int
    }

    /// Parses the record header at the start of `bytes` (`offset` is its place in the file);
    /// `nil` unless it is one.
    public static func header(_ bytes: [UInt8], offset: Int) -> RecordHeader? {
        guard bytes.count >= recordHeaderSize, Array(bytes[0..<4]) == magic else { return nil }
        return RecordHeader(
            user: UserID(FeatureLogFormat.readUInt64(bytes, 8)), generation: GenerationID(FeatureLogFormat.readUInt64(bytes, 16)),
            payloadOffset: offset + recordHeaderSize, payloadLength: Int(FeatureLogFormat.readUInt32(bytes, 4)))
    }
}
