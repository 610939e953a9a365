import FeedCore
import FeedJoin
import FeedLearning
import FeedStore
import Foundation
import PrefeedRedis
import PrefeedTestSupport
import Testing

/// The features in a training row are the ones the model scored with: generation (features logged
/// to segment files, page records in Redis) → page reads (impressions by the page script) → the
/// stream join → rows, through a real Redis.
@Suite("Served features reach the training rows bit for bit", .serialized, .timeLimit(.minutes(2)))
struct ServedFeaturesJoinTests {
    @Test func rowFeaturesAreTheScoredVectors() async throws {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        let keys = FeedKeys()
        let writer = SourceDataWriter(client: client, keys: keys, logger: quietLogger)
        let streams = StreamFixtures(client: client)
        let now = Double(try await streams.serverTime()) / 1000
        let user = UserID(7)
        try await writer.putUser(user, createdAt: now - 86_400, platform: .ios)
        for index in 0..<60 {
            let author = UInt64(10 + index % 12)
            try await writer.putPost(
                Post(id: PostID(UInt64(5000 + index)), author: AuthorID(author), createdAt: now - Double(index) * 600,
                     mediaType: MediaType(index: index % 4)!, topics: TopicVector([0.6, 0.8])),
                now: now)
            if index < 12 { _ = try await writer.follow(user, author: AuthorID(author), at: now - 86_400) }
        }
        let logDirectory = temporaryDirectory()
        let rowDirectory = temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: logDirectory)
            try? FileManager.default.removeItem(at: rowDirectory)
        }
        var generatorConfiguration = GeneratorConfiguration()
        generatorConfiguration.globalRefreshSeconds = 0
        generatorConfiguration.statsRefreshSeconds = 0
        let featureLog = try FeatureLogSegmentWriter(directory: logDirectory, logger: quietLogger)
        let generator = FeedGenerator(
            client: client, keys: keys, configuration: generatorConfiguration, featureLog: featureLog, logger: quietLogger)
        let model = BaselineModel.valueModel()
        let outcome = try await generator.generate(users: [user], model: model, modelVersion: model.version, now: now)[0].get()
        #expect(outcome.items.count == 60)
        #expect(try await client.execute("EXISTS", keys.featureLog(user, outcome.generation)).int == 0, "no feature log in Redis")

        // Three pages by last-seen item: 45 items served, each with its impression.
        let script = FeedPageScript(keys: keys)
        var after: PostID?
        var served: [FeedPage.Item] = []
        for page in 0..<3 {
            let read = try await script.read(
                client: client, user: user, after: after, limit: 15, request: RequestID(UInt64(100 + page)), now: now)
            served += read.items
            after = read.items.last?.post
        }
        #expect(served.count == 45)
        // The page records carry what the response shows.
        for item in served {
            let ranked = outcome.items[item.position]
            #expect(item.record?.author == ranked.author && item.record?.reason == ranked.reason)
            #expect(item.record?.mediaType == ranked.mediaType)
            #expect(item.record?.score == Float(Float16(ranked.rawScore)))
        }
        // The join closes a page once its window (0.5 s here) has passed on the server's clock.
        try await Task.sleep(for: .milliseconds(1_200))
        var configuration = StreamJoinConfiguration(
            directory: rowDirectory, format: .jsonl,
            join: try JoinConfiguration(windowMillis: 500, negativeSamplingRate: 1), mode: .live(once: true))
        configuration.featureLogDirectory = logDirectory
        configuration.lagMillis = 0
        configuration.commitInterval = .zero
        configuration.pollInterval = .milliseconds(1)
        let summary = try await StreamJoin(client: client, configuration: configuration, logger: quietLogger).run()
        #expect(summary.counters.impressions == 3 && summary.missingFeatureLogs == 0)
        let rows = try TrainingRowReader.read(rowDirectory).filter { $0.user == user }
        #expect(rows.count == 45, "every served item is a row at sampling rate 1")

        let logged = FeatureLogSegmentReader(directory: logDirectory).read([
            FeatureLogReader.Request(user: user, generation: outcome.generation, positions: served.map(\.position)),
        ])
        let entries = try #require(logged.entries[user]?[outcome.generation])
        var workspace = ScoringWorkspace()
        var scores: [Float] = []
        for row in rows {
            let ranked = outcome.items[row.position]
            #expect(row.post == ranked.post && row.generation == outcome.generation)
            let vector = try #require(entries[row.position]?.features)
            // Bit for bit; a missing value (NaN) stays missing.
            #expect(row.features.count == vector.count)
            #expect(zip(row.features, vector).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) })
            // Scoring the row's vector again gives the generator's score exactly: it is what the model saw.
            var matrix = FeatureMatrix(columnCount: row.features.count)
            matrix.appendRow(row.features)
            model.scores(matrix, into: &scores, workspace: &workspace)
            #expect(scores.first?.bitPattern == ranked.rawScore.bitPattern, "position \(row.position)")
        }
    }
}
