import FeedCore

/// The byte layout of one generation's page records (`{u:<id>}:items:<gen>`, a Redis STRING): what
/// a page read returns per item besides its id and position — author, score, reason, media — and
/// nothing else. The features the model scored with are not in Redis (``FeatureLogSegmentWriter``).
///
/// ```
/// header   16 B      "PFI1" | itemCount u32 | authorCount u32 | recordSize u32 (= 6)
/// records  n × 6 B   author index u16 | score Float16 | reason u8 | flags u8 (bits 0-3 media, bit 4 exploration)
/// authors  k × 8 B   u64: the distinct authors of the feed, in order of first appearance
/// ```
/// All integers little-endian. Record `p` is at `16 + 6·p`; the author table at `16 + 6·n`, so a
/// page script reads a page's records with one `GETRANGE` and the table with a second. A 500-item
/// feed of 300 distinct authors takes 5.4 KB (2.6 KB of records, 2.4 KB of authors), against
/// 12 KB for 500 full 24-byte records. The score is the value model's raw score rounded to
/// Float16 (11 significant bits, relative error ≤ 2⁻¹¹): it is shown, never trained on.
public enum PageRecordFormat {
    /// Bytes before the first record.
    public static let headerSize = 16
    /// Bytes per item record.
    public static let recordSize = 6
    static let magic: [UInt8] = Array("PFI1".utf8)

    /// Byte offset of record `position`.
    public static func recordOffset(position: Int) -> Int { headerSize + recordSize * position }

    /// Byte offset of the author table of a feed of `itemCount` items.
    public static func authorsOffset(itemCount: Int) -> Int { headerSize + recordSize * itemCount }

    /// Encodes the feed `items` in position order.
    public static func encode(_ items: [RankedItem]) -> [UInt8] {
        var authorIndex: [AuthorID: UInt16] = [:]
        authorIndex.reserveCapacity(items.count)
        var authors: [AuthorID] = []
        var records: [UInt8] = []
        records.reserveCapacity(recordSize * items.count)
        for item in items {
            let index: UInt16
            if let known = authorIndex[item.author] {
                index = known
            } else {
                index = UInt16(authors.count)
                authorIndex[item.author] = index
                authors.append(item.author)
            }
            append(index, to: &records)
            append(Float16(item.rawScore).bitPattern, to: &records)
            records.append(UInt8(CandidateSource.allCases.firstIndex(of: item.reason) ?? 0))
            records.append(UInt8(item.mediaType.index) | (item.isExplorationSlot ? 0x10 : 0))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerSize + records.count + 8 * authors.count)
        bytes.append(contentsOf: magic)
        append(UInt32(items.count), to: &bytes)
        append(UInt32(authors.count), to: &bytes)
        append(UInt32(recordSize), to: &bytes)
        bytes.append(contentsOf: records)
        for author in authors { append(author.rawValue, to: &bytes) }
        return bytes
    }

    /// Decodes the record at `offset` of `records` with the 8-byte author at `authorOffset` of
    /// `authors` (a page script reply); `nil` when either is short or the record is malformed.
    public static func decodeRecord(
        _ records: [UInt8], offset: Int, authors: [UInt8], authorOffset: Int, post: PostID
    ) -> FeatureLogFormat.Item? {
        guard offset >= 0, offset + recordSize <= records.count, authorOffset + 8 <= authors.count else { return nil }
        return decodeRecord(records, at: offset, author: AuthorID(FeatureLogFormat.readUInt64(authors, authorOffset)), post: post)
    }

    /// Decodes a whole encoded feed (tests, tools): one item per position, `nil` when malformed.
    public static func decode(_ bytes: [UInt8], posts: [PostID]) -> [FeatureLogFormat.Item]? {
        guard bytes.count >= headerSize, Array(bytes[0..<4]) == magic else { return nil }
        let itemCount = Int(FeatureLogFormat.readUInt32(bytes, 4))
        let authorCount = Int(FeatureLogFormat.readUInt32(bytes, 8))
        guard Int(FeatureLogFormat.readUInt32(bytes, 12)) == recordSize, posts.count == itemCount,
            bytes.count == headerSize + recordSize * itemCount + 8 * authorCount
        else { return nil }
        var items: [FeatureLogFormat.Item] = []
        for position in 0..<itemCount {
            let offset = recordOffset(position: position)
            let index = Int(UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8)
            guard index < authorCount else { return nil }
            let author = AuthorID(FeatureLogFormat.readUInt64(bytes, authorsOffset(itemCount: itemCount) + 8 * index))
            guard let item = decodeRecord(bytes, at: offset, author: author, post: posts[position]) else { return nil }
            items.append(item)
        }
        return items
    }

    static func decodeRecord(_ bytes: [UInt8], at offset: Int, author: AuthorID, post: PostID) -> FeatureLogFormat.Item? {
        let reasonIndex = Int(bytes[offset + 4])
        let flags = bytes[offset + 5]
        guard reasonIndex < CandidateSource.allCases.count, let media = MediaType(index: Int(flags & 0x0F)) else {
            return nil
        }
        let scoreBits = UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8
        return FeatureLogFormat.Item(
            post: post, author: author, score: Float(Float16(bitPattern: scoreBits)),
            reason: CandidateSource.allCases[reasonIndex], mediaType: media, isExplorationSlot: flags & 0x10 != 0)
    }

    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
