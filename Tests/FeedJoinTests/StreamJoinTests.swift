import FeedCore
import FeedJoin
import FeedLearning
import FeedStore
import Foundation
import PrefeedRedis
import PrefeedTestSupport
import Testing

/// The Redis-backed join on hand-built streams: every row and counter checked against what the
/// join's rules say (docs/LEARNING.md).
@Suite("Stream join on hand-built streams", .serialized, .timeLimit(.minutes(2)))
struct StreamJoinTests {
    static let window: Int64 = 10_000

    func join(
        _ client: RedisClient, _ directory: URL, window: Int64 = StreamJoinTests.window, rate: Double = 0.5,
        mode: StreamJoinMode = .live(once: true), retention: Int64? = nil
    ) async throws -> StreamJoinSummary {
        var configuration = StreamJoinConfiguration(
            directory: directory, format: .jsonl,
            join: try JoinConfiguration(windowMillis: window, negativeSamplingRate: rate, lateRetentionMillis: retention),
            mode: mode)
        configuration.lagMillis = 1_000
        configuration.readCount = 3
        configuration.commitInterval = .zero
        configuration.pollInterval = .milliseconds(1)
        return try await StreamJoin(client: client, configuration: configuration, logger: quietLogger).run()
    }

    func impression(_ request: UInt64, user: UInt64, generation: UInt64, at time: Int64, posts: [UInt64]) -> ImpressionRecord {
        ImpressionRecord(
            requestID: RequestID(request), user: UserID(user), generation: GenerationID(generation), modelVersion: "lr-1",
            servedAt: time, items: posts.enumerated().map { ImpressedItem(post: PostID($0.element), position: $0.offset) })
    }

    func action(_ type: ActionType, user: UInt64, post: UInt64, request: UInt64?, at time: Int64, event: String,
                dwell: Int64 = 0) -> ActionRecord {
        ActionRecord(user: UserID(user), post: PostID(post), action: type, clientEventID: event,
                     requestID: request.map { RequestID($0) }, time: time, dwellMillis: dwell)
    }

    @Test("window boundary, late, orphan, duplicate, last touch, missing log, malformed entry, downsampling weight; resume")
    func handBuiltStreams() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        var streams = StreamFixtures(client: client)
        let base = try await streams.serverTime() - 3_600_000
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let r1 = impression(501, user: 1, generation: 1001, at: base, posts: [11, 12, 13])
        let r2 = impression(502, user: 2, generation: 1002, at: base + 1_000, posts: [21])  // no feature log
        let r3 = impression(503, user: 3, generation: 1003, at: base + 2_000, posts: Array(31...50))
        try await streams.writeFeatureLog(user: UserID(1), generation: 1001, posts: [11, 12, 13].map { PostID($0) })
        try await streams.writeFeatureLog(user: UserID(3), generation: 1003, posts: (31...50).map { PostID($0) })
        try await streams.add(r1)
        try await streams.add(r2)
        try await streams.add(r3)
        try await streams.addRawImpression(at: base + 2_500, fields: ["req", "not-a-number"])
        let actions: [(ActionRecord, Int64)] = [
            (action(.click, user: 1, post: 99, request: nil, at: base + 2_000, event: "e5"), 0),
            (action(.share, user: 1, post: 12, request: nil, at: base + 3_000, event: "e8"), 0),  // last touch
            (action(.dwell, user: 1, post: 11, request: 501, at: base + 4_000, event: "e6", dwell: 300), 0),
            (action(.dwell, user: 1, post: 11, request: 501, at: base + 4_500, event: "e7", dwell: 500), 0),
            (action(.click, user: 1, post: 11, request: 501, at: base + 5_000, event: "e1"), 0),
            (action(.click, user: 1, post: 11, request: 501, at: base + 5_000, event: "e1"), 300),  // retried upload
            (action(.click, user: 1, post: 11, request: 501, at: base + 6_000, event: "e4"), 0),  // click again
            (action(.click, user: 2, post: 21, request: 502, at: base + 6_500, event: "e9"), 0),
            (action(.like, user: 1, post: 12, request: 501, at: base + Self.window - 1, event: "e2"), 0),  // last ms
            (action(.comment, user: 1, post: 13, request: 501, at: base + Self.window, event: "e3"), 0),  // late
        ]
        for (record, delay) in actions { try await streams.add(record, delay: delay) }

        // Closed pages are remembered 2 h, so a late upload for one is "late", not an orphan.
        let retention: Int64 = 7_200_000
        let first = try await join(client, directory, retention: retention)
        let counters = first.counters
        #expect(counters.impressions == 3 && counters.duplicateImpressions == 0)
        #expect(counters.actions == 10)
        #expect(counters.attributed == 6, "click, like, share (last touch), two dwells, user 2's click")
        #expect(counters.duplicates == 2, "the retried e1 and the second click")
        #expect(counters.late == 1 && counters.orphans == 1)
        #expect(counters.missingFeatures == 1 && first.missingFeatureLogs == 1, "r2's clicked row has no log")
        #expect(first.malformedEntries == 1)
        #expect(first.openImpressions == 0 && first.trimmedShards.isEmpty)

        let rows = try TrainingRowReader.read(directory)
        #expect(rows.count == counters.rowsEmitted && first.totalRows == rows.count)
        let byItem = Dictionary(uniqueKeysWithValues: rows.map { ("\($0.requestID.rawValue)/\($0.post.rawValue)", $0) })
        let clicked = try #require(byItem["501/11"])
        #expect(clicked.labels.click && clicked.labels.dwellMillis == 500 && !clicked.labels.like && clicked.weight == 1)
        #expect(clicked.features == StreamFixtures.features(generation: 1001, position: 0))
        #expect(clicked.generation == 1001 && clicked.position == 0 && clicked.servedAt == base && clicked.modelVersion == "lr-1")
        let liked = try #require(byItem["501/12"])
        #expect(liked.labels.like && liked.labels.share && !liked.labels.click && liked.weight == 1)
        #expect(liked.features == StreamFixtures.features(generation: 1001, position: 1))
        #expect(byItem["502/21"] == nil)

        // Negatives: exactly the sampler's choice, each with weight 1/rate.
        let sampler = NegativeSampler(rate: 0.5)
        var negatives = [(RequestID(501), PostID(13))]
        negatives += (31...50).map { (RequestID(503), PostID(UInt64($0))) }
        var kept = 0
        for (request, post) in negatives {
            let row = byItem["\(request.rawValue)/\(post.rawValue)"]
            #expect((row != nil) == sampler.keeps(request: request, post: post), "\(request)/\(post)")
            if let row {
                kept += 1
                #expect(row.weight == 2 && !row.labels.hasPositive)
            }
        }
        #expect(kept > 0 && kept < negatives.count)
        #expect(counters.negativesDropped == negatives.count - kept)
        #expect(rows.count == 2 + kept)
        #expect(try await streams.pending() == 0, "every consumed entry is acknowledged after the commit")

        // Resume: a late upload for the closed r1 (client time inside the window) and a new page.
        let r4 = impression(504, user: 4, generation: 1004, at: base + 60_000, posts: [41, 42])
        try await streams.writeFeatureLog(user: UserID(4), generation: 1004, posts: [PostID(41), PostID(42)])
        try await streams.add(r4)
        try await streams.add(action(.click, user: 4, post: 42, request: 504, at: base + 61_000, event: "e10"))
        try await streams.add(action(.like, user: 1, post: 13, request: 501, at: base + 9_000, event: "e11"), delay: 3_000_000)
        let second = try await join(client, directory, retention: retention)
        #expect(second.entriesRead == 3, "only the new entries are read again")
        #expect(second.counters.impressions == 4 && second.counters.actions == 12)
        #expect(second.counters.late == 2, "r1's window had closed when e11 arrived")
        #expect(second.counters.attributed == 7)
        let all = try TrainingRowReader.read(directory)
        let new = all.filter { $0.requestID == 504 }
        #expect(all.count == rows.count + new.count, "nothing of the first run is written again")
        #expect(new.contains { $0.post == 42 && $0.labels.click && $0.weight == 1 })
        #expect(try await streams.pending() == 0)

        // Another window on the same directory is refused.
        await #expect(throws: StreamJoinError.self) { _ = try await join(client, directory, window: 20_000, retention: retention) }
    }

    @Test("backfill joins the impressions of its range with XRANGE, leaves the group alone, and resumes")
    func backfill() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        var streams = StreamFixtures(client: client)
        let base = try await streams.serverTime() - 3_600_000
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pages = [
            impression(601, user: 1, generation: 2001, at: base, posts: [1]),
            impression(602, user: 2, generation: 2002, at: base + 60_000, posts: [2]),
            impression(603, user: 3, generation: 2003, at: base + 200_000, posts: [3]),
        ]
        for page in pages {
            try await streams.writeFeatureLog(user: page.user, generation: page.generation, posts: page.items.map(\.post))
            try await streams.add(page)
        }
        try await streams.add(action(.click, user: 1, post: 1, request: 601, at: base + 1_000, event: "a"))
        try await streams.add(action(.click, user: 2, post: 2, request: 602, at: base + 65_000, event: "b"))
        try await streams.add(action(.click, user: 3, post: 3, request: 603, at: base + 200_500, event: "c"))

        let mode = StreamJoinMode.backfill(from: base + 30_000, to: base + 100_000)
        let summary = try await join(client, directory, rate: 1, mode: mode)
        #expect(summary.counters.impressions == 1 && summary.counters.actions == 1 && summary.counters.attributed == 1)
        let rows = try TrainingRowReader.read(directory)
        #expect(rows.map(\.requestID) == [602] && rows.first?.labels.click == true)
        let groups = try await client.execute("XINFO", "GROUPS", FeedKeys().impressionShards[0])
        #expect(groups.array?.isEmpty == true, "a backfill does not create or move the live group")

        let again = try await join(client, directory, rate: 1, mode: mode)
        #expect(again.entriesRead == 0 && again.counters == summary.counters)
        #expect(try TrainingRowReader.read(directory).count == 1)
        await #expect(throws: StreamJoinError.self) { _ = try await join(client, directory, rate: 1) }
    }
}

