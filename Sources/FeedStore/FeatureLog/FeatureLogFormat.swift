import FeedCore

/// The byte layout of one generation's feature log, format 1: dense, as the Redis STRINGs
/// `{u:<id>}:flog:<gen>` of earlier versions and the first segment files hold it (the generator
/// now writes ``CompactFeatureLogFormat``; the join reads both), readable by position so the join
/// fetches only the positions that were served:
///
/// ```
/// header  32 B   "PFL1" | format u32 | featureCount u32 | itemCount u32 | generation u64 | schemaVersion u32 | itemRecordSize u32
/// items   n × 24 B   post u64 | author u64 | score f32 | reason u8 | media u8 | flags u8 (bit0 exploration) | 0
/// features n × 4·F B  Float32 LE per feature in schema order, as served (NaN kept)
/// ```
/// All integers little-endian. Item `p` (0-based position) is at `32 + 24·p`; its features at
/// `32 + 24·n + 4·F·p`.
public enum FeatureLogFormat {
    /// Bytes before the first item record.
    public static let headerSize = 32
    /// Bytes per item record.
    public static let itemRecordSize = 24
    /// The layout version written in the header.
    public static let formatVersion: UInt32 = 1
    static let magic: [UInt8] = Array("PFL1".utf8)

    /// One ranked item as logged.
    public struct Item: Hashable, Sendable {
        /// The served post.
        public var post: PostID
        /// Its author.
        public var author: AuthorID
        /// The value model's score (before rerank penalties).
        public var score: Float
        /// Why it is in the feed.
        public var reason: CandidateSource
        /// Its media type.
        public var mediaType: MediaType
        /// Whether it filled an exploration slot.
        public var isExplorationSlot: Bool
    }

    /// A decoded feature log.
    public struct Log: Sendable {
        /// The generation the log belongs to.
        public var generation: GenerationID
        /// The feature schema version of the rows.
        public var schemaVersion: Int
        /// Features per row.
        public var featureCount: Int
        /// The items in position order.
        public var items: [Item]
        /// Features of item `p` are `features[p * featureCount ..< (p + 1) * featureCount]`.
        public var features: [Float]

        /// The features of the item at `position`.
        public func features(at position: Int) -> ArraySlice<Float> {
            features[(position * featureCount)..<((position + 1) * featureCount)]
        }
    }

    /// Byte offset of item `position`'s record.
    public static func itemOffset(position: Int) -> Int { headerSize + itemRecordSize * position }

    /// Byte offset of item `position`'s features in a log of `itemCount` items with `featureCount` features.
    public static func featureOffset(position: Int, itemCount: Int, featureCount: Int) -> Int {
        headerSize + itemRecordSize * itemCount + 4 * featureCount * position
    }

    /// Encodes the feed `items` (in position order) and the feature rows `rows[i]` of each item
    /// (`rowOf[i]` is the item's row in `matrix`).
    public static func encode(
        generation: GenerationID, items: [RankedItem], matrix: FeatureMatrix, rowOf: [Int],
        schemaVersion: Int = FeatureSchema.current.version
    ) -> [UInt8] {
        let featureCount = matrix.columnCount
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerSize + items.count * (itemRecordSize + 4 * featureCount))
        bytes.append(contentsOf: magic)
        append(formatVersion, to: &bytes)
        append(UInt32(featureCount), to: &bytes)
        append(UInt32(items.count), to: &bytes)
        append(generation.rawValue, to: &bytes)
        append(UInt32(schemaVersion), to: &bytes)
        append(UInt32(itemRecordSize), to: &bytes)
        appendItems(items, to: &bytes)
        matrix.values.withUnsafeBufferPointer { values in
            for row in rowOf {
                let slice = UnsafeBufferPointer(rebasing: values[(row * featureCount)..<((row + 1) * featureCount)])
                #if _endian(little)
                bytes.append(contentsOf: UnsafeRawBufferPointer(slice))
                #else
                for value in slice { append(value.bitPattern, to: &bytes) }
                #endif
            }
        }
        return bytes
    }

    /// Appends the 24-byte item records of `items` (shared with ``CompactFeatureLogFormat``).
    static func appendItems(_ items: [RankedItem], to bytes: inout [UInt8]) {
        for item in items {
            append(item.post.rawValue, to: &bytes)
            append(item.author.rawValue, to: &bytes)
            append(item.rawScore.bitPattern, to: &bytes)
            bytes.append(UInt8(CandidateSource.allCases.firstIndex(of: item.reason) ?? 0))
            bytes.append(UInt8(item.mediaType.index))
            bytes.append(item.isExplorationSlot ? 1 : 0)
            bytes.append(0)
        }
    }

    /// Decodes a whole log; `nil` when malformed.
    public static func decode(_ bytes: [UInt8]) -> Log? {
        guard bytes.count >= headerSize, Array(bytes[0..<4]) == magic else { return nil }
        let featureCount = Int(readUInt32(bytes, 8))
        let itemCount = Int(readUInt32(bytes, 12))
        let generation = readUInt64(bytes, 16)
        let schemaVersion = Int(readUInt32(bytes, 24))
        guard bytes.count == headerSize + itemCount * (itemRecordSize + 4 * featureCount) else { return nil }
        var items: [Item] = []
        items.reserveCapacity(itemCount)
        for position in 0..<itemCount {
            guard let item = decodeItem(bytes, at: itemOffset(position: position)) else { return nil }
            items.append(item)
        }
        let start = headerSize + itemRecordSize * itemCount
        let features = FeatureVectorEncoding.decode(bytes[start...]) ?? []
        return Log(generation: GenerationID(generation), schemaVersion: schemaVersion, featureCount: featureCount,
                   items: items, features: features)
    }

    /// Decodes consecutive item records (e.g. a `GETRANGE` of the items section).
    public static func decodeItems(_ bytes: [UInt8]) -> [Item] {
        stride(from: 0, to: bytes.count - itemRecordSize + 1, by: itemRecordSize).compactMap { decodeItem(bytes, at: $0) }
    }

    static func decodeItem(_ bytes: [UInt8], at offset: Int) -> Item? {
        guard offset + itemRecordSize <= bytes.count else { return nil }
        let reasonIndex = Int(bytes[offset + 20])
        guard reasonIndex < CandidateSource.allCases.count, let media = MediaType(index: Int(bytes[offset + 21])) else {
            return nil
        }
        return Item(
            post: PostID(readUInt64(bytes, offset)), author: AuthorID(readUInt64(bytes, offset + 8)),
            score: Float(bitPattern: readUInt32(bytes, offset + 16)), reason: CandidateSource.allCases[reasonIndex],
            mediaType: media, isExplorationSlot: bytes[offset + 22] & 1 != 0)
    }

    /// The counts of a log's 32-byte header.
    public struct Header: Sendable {
        public var featureCount: Int
        public var itemCount: Int
    }

    /// The header's counts, or `nil` unless `bytes` is the header of a version-1 log of `generation`.
    public static func header(_ bytes: [UInt8], generation: GenerationID) -> Header? {
        guard bytes.count == headerSize, Array(bytes[0..<4]) == magic, readUInt32(bytes, 4) == formatVersion,
            readUInt64(bytes, 16) == generation.rawValue, Int(readUInt32(bytes, 28)) == itemRecordSize
        else { return nil }
        let featureCount = Int(readUInt32(bytes, 8))
        guard featureCount > 0 else { return nil }
        return Header(featureCount: featureCount, itemCount: Int(readUInt32(bytes, 12)))
    }

    /// The runs of consecutive positions among `positions` below `itemCount`, ascending: each run
    /// is read with one range of item records and one of feature rows.
    static func runs(of positions: some Sequence<Int>, below itemCount: Int) -> [ClosedRange<Int>] {
        let sorted = positions.filter { $0 >= 0 && $0 < itemCount }.sorted()
        var runs: [ClosedRange<Int>] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            runs.append(sorted[index]...sorted[end])
            index = end + 1
        }
        return runs
    }

    /// The logged entries of `run` from its item records and feature rows as read (either may be
    /// short: positions without both are left out), by position.
    static func entries(run: ClosedRange<Int>, records: [UInt8], features: [UInt8], featureCount: Int) -> [Int: FeatureLogReader.Entry] {
        let items = decodeItems(records)
        let values = floats(features)
        var entries: [Int: FeatureLogReader.Entry] = [:]
        for position in run {
            let offset = position - run.lowerBound
            guard offset < items.count, (offset + 1) * featureCount <= values.count else { continue }
            entries[position] = FeatureLogReader.Entry(
                post: items[offset].post, features: Array(values[(offset * featureCount)..<((offset + 1) * featureCount)]))
        }
        return entries
    }

    /// Little-endian Float32 values of `bytes` (a trailing partial value is ignored): the same
    /// values as `FeatureVectorEncoding.decode`, read in place.
    static func floats(_ bytes: [UInt8]) -> [Float] {
        let count = bytes.count / 4
        return bytes.withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
    }

    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func readUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * index) }
        return value
    }

    static func readUInt64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * index) }
        return value
    }
}
