import FeedCore
import FeedStore
import Foundation
import Logging
import Testing

@Suite("Feature-log segment files and page records")
struct FeatureLogSegmentTests {
    static let logger = Logger(label: "test")

    /// A log of `count` items whose features are distinct per generation and position, NaN included.
    static func log(generation: GenerationID, count: Int) -> (items: [RankedItem], bytes: [UInt8], values: [Float]) {
        let columns = FeatureSchema.current.count
        let items = (0..<count).map { position in
            RankedItem(post: PostID(UInt64(900 + position)), author: AuthorID(UInt64(position % 3 + 1)),
                       mediaType: MediaType(index: position % 4)!, position: position, score: 1,
                       rawScore: Float(position) / 7, reason: CandidateSource.allCases[position % 5],
                       isExplorationSlot: position == 2)
        }
        let values = (0..<(count * columns)).map { index -> Float in
            index % 11 == 5 ? .nan : Float(generation.rawValue % 1_000) + Float(index) / 3
        }
        let bytes = FeatureLogFormat.encode(
            generation: generation, items: items, matrix: FeatureMatrix(columnCount: columns, values: values),
            rowOf: Array(0..<count))
        return (items, bytes, values)
    }

    static func temporary() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("prefeed-segments-\(UUID().uuidString)")
    }

    @Test func pageRecordsKeepAuthorReasonMediaAndAFloat16Score() throws {
        let items = Self.log(generation: GenerationID(1), count: 40).items
        let bytes = PageRecordFormat.encode(items)
        // 16-byte header, 6 bytes per item, 8 per distinct author (3 here).
        #expect(bytes.count == 16 + 6 * 40 + 8 * 3)
        let decoded = try #require(PageRecordFormat.decode(bytes, posts: items.map(\.post)))
        for (item, record) in zip(items, decoded) {
            #expect(record.post == item.post && record.author == item.author && record.reason == item.reason)
            #expect(record.mediaType == item.mediaType && record.isExplorationSlot == item.isExplorationSlot)
            #expect(record.score == Float(Float16(item.rawScore)))
            #expect(abs(record.score - item.rawScore) <= abs(item.rawScore) / 1024)
        }
        #expect(PageRecordFormat.decode(Array(bytes.dropLast()), posts: items.map(\.post)) == nil, "truncated")
    }

    @Test func segmentsReturnTheLoggedVectorsBitForBit() throws {
        let directory = Self.temporary()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try FeatureLogSegmentWriter(directory: directory, logger: Self.logger)
        // Two generations in one hour, one in the next (generation ids are microseconds).
        let hour: UInt64 = 3_600_000_000
        let generations = [GenerationID(490_000 * hour + 5), GenerationID(490_000 * hour + 9), GenerationID(490_001 * hour + 1)]
        let logs = generations.map { Self.log(generation: $0, count: 30) }
        try writer.append(zip(generations, logs).map { .init(user: UserID(7), generation: $0, log: $1.bytes) })
        writer.sync()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
                == ["2025-11-24-16", "2025-11-24-17"].sorted())

        let reader = FeatureLogSegmentReader(directory: directory)
        let result = reader.read(generations.map { .init(user: UserID(7), generation: $0, positions: [0, 1, 2, 17, 29]) }
                                 + [.init(user: UserID(8), generation: generations[0], positions: [0])])
        #expect(result.missingLogs == 1, "user 8 has no log of that generation")
        let columns = FeatureSchema.current.count
        for (generation, log) in zip(generations, logs) {
            let entries = try #require(result.entries[UserID(7)]?[generation])
            #expect(entries.keys.sorted() == [0, 1, 2, 17, 29])
            for (position, entry) in entries {
                #expect(entry.post == log.items[position].post)
                let expected = log.values[(position * columns)..<((position + 1) * columns)]
                #expect(entry.features.map(\.bitPattern) == expected.map(\.bitPattern))
            }
        }
    }

    /// A format-2 log whose rows mix what the compact layout distinguishes: feed-constant columns,
    /// `+0.0`, the canonical NaN, and values it must keep as they are (`-0.0`, a NaN payload).
    static func compactLog(generation: GenerationID, count: Int) -> (items: [RankedItem], bytes: [UInt8], values: [Float]) {
        let columns = FeatureSchema.current.count
        let items = log(generation: generation, count: count).items
        let payloadNaN = Float(bitPattern: 0x7fc0_0123)
        let values = (0..<(count * columns)).map { index -> Float in
            let (row, column) = (index / columns, index % columns)
            switch column % 7 {
            case 0: return 4.5  // constant over the feed
            case 1: return row % 2 == 0 ? 0 : Float(row)
            case 2: return row % 3 == 0 ? .nan : 1 / Float(row + 1)
            case 3: return row == 4 ? -0.0 : 0
            case 4: return row == 5 ? payloadNaN : Float(generation.rawValue % 97)
            default: return Float(index) / 3
            }
        }
        let bytes = CompactFeatureLogFormat.encode(
            generation: generation, items: items, matrix: FeatureMatrix(columnCount: columns, values: values),
            rowOf: Array(0..<count))
        return (items, bytes, values)
    }

    @Test func theCompactFormatIsLosslessAndSmaller() throws {
        let generation = GenerationID(490_000 * 3_600_000_000 + 3)
        let compact = Self.compactLog(generation: generation, count: 60)
        let decoded = try #require(CompactFeatureLogFormat.decode(compact.bytes))
        #expect(decoded.generation == generation && decoded.items.map(\.post) == compact.items.map(\.post))
        #expect(decoded.features.map(\.bitPattern) == compact.values.map(\.bitPattern), "every value bit for bit")
        let columns = FeatureSchema.current.count
        let dense = FeatureLogFormat.encode(
            generation: generation, items: compact.items, matrix: FeatureMatrix(columnCount: columns, values: compact.values),
            rowOf: Array(0..<60))
        #expect(compact.bytes.count < dense.count * 3 / 4, "\(compact.bytes.count) B against \(dense.count) B dense")
        #expect(CompactFeatureLogFormat.decode(Array(compact.bytes.dropLast())) == nil, "truncated")
    }

    @Test func segmentsOfBothFormatsAreReadByPosition() throws {
        let directory = Self.temporary()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try FeatureLogSegmentWriter(directory: directory, logger: Self.logger)
        let hour: UInt64 = 3_600_000_000
        let old = GenerationID(490_000 * hour + 5)
        let new = GenerationID(490_000 * hour + 9)
        let logs = [old: Self.log(generation: old, count: 30), new: Self.compactLog(generation: new, count: 30)]
        try writer.append([old, new].map { .init(user: UserID(7), generation: $0, log: logs[$0]!.bytes) })
        writer.sync()
        let positions = [0, 1, 2, 4, 5, 17, 29]
        let result = FeatureLogSegmentReader(directory: directory).read(
            [old, new].map { .init(user: UserID(7), generation: $0, positions: positions) })
        #expect(result.missingLogs == 0)
        let columns = FeatureSchema.current.count
        for generation in [old, new] {
            let log = logs[generation]!
            let entries = try #require(result.entries[UserID(7)]?[generation])
            #expect(entries.keys.sorted() == positions)
            for (position, entry) in entries {
                #expect(entry.post == log.items[position].post)
                #expect(entry.features.map(\.bitPattern) == log.values[(position * columns)..<((position + 1) * columns)].map(\.bitPattern))
            }
        }
    }

    @Test func aCutShortLastRecordIsIgnoredAndLaterRecordsOfTheFileStillRead() throws {
        let directory = Self.temporary()
        defer { try? FileManager.default.removeItem(at: directory) }
        let generation = GenerationID(490_000 * 3_600_000_000 + 1)
        let writer = try FeatureLogSegmentWriter(directory: directory, writerName: "w1", logger: Self.logger)
        try writer.append([.init(user: UserID(1), generation: generation, log: Self.log(generation: generation, count: 5).bytes)])
        writer.sync()
        // A crash in the middle of the next record: half of it reached the file.
        let path = directory.appendingPathComponent("2025-11-24-16/w1.pfls").path
        var torn: [UInt8] = []
        let next = GenerationID(generation.rawValue + 1)
        FeatureLogSegmentFormat.appendRecord(user: UserID(2), generation: next, payload: Self.log(generation: next, count: 5).bytes, to: &torn)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(torn.prefix(torn.count / 2)))
        try handle.close()

        let result = FeatureLogSegmentReader(directory: directory).read([
            .init(user: UserID(1), generation: generation, positions: [4]),
            .init(user: UserID(2), generation: next, positions: [0]),
        ])
        #expect(result.entries[UserID(1)]?[generation]?[4] != nil)
        #expect(result.entries[UserID(2)] == nil && result.missingLogs == 1)
    }

    @Test func retentionDeletesHoursBehindTheNewestAndTheOldestPastTheByteBound() throws {
        let directory = Self.temporary()
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = FeatureLogSegmentWriter.Settings()
        settings.retentionHours = 2
        let hour: UInt64 = 3_600_000_000
        let writer = try FeatureLogSegmentWriter(directory: directory, settings: settings, logger: Self.logger)
        for offset: UInt64 in [0, 1, 2, 3, 4] {
            let generation = GenerationID((490_000 + offset) * hour)
            try writer.append([.init(user: UserID(1), generation: generation, log: Self.log(generation: generation, count: 3).bytes)])
        }
        let deleted = writer.sweep()
        #expect(deleted.sorted() == ["2025-11-24-16", "2025-11-24-17"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 3)

        var tight = FeatureLogSegmentWriter.Settings()
        tight.maxBytes = 1
        let bounded = try FeatureLogSegmentWriter(directory: directory, settings: tight, logger: Self.logger)
        let newest = GenerationID((490_000 + 4) * hour + 7)
        try bounded.append([.init(user: UserID(2), generation: newest, log: Self.log(generation: newest, count: 3).bytes)])
        bounded.sweep()
        // Everything but the hour being written goes.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["2025-11-24-20"])
    }
}
