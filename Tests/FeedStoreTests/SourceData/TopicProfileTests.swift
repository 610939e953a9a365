import FeedCore
import FeedStore
import Foundation
import Logging
import PrefeedRedis
import PrefeedTestSupport
import Testing

@Suite("The reader's topic profile feeds user_post_topic_cosine")
struct TopicProfileTests {
    @Test func actionsBuildTheProfileAndTheGeneratorLogsTheCosineAsServed() async throws {
        try await TestWorld.withServer { client, keys, world in
            let writer = world.writer
            let now = TestWorld.now
            let reader = UserID(1)
            try await writer.putUser(reader, createdAt: now - 86_400, platform: .ios)
            try await writer.follow(reader, author: AuthorID(5), at: now - 86_400)
            // Two followed posts on opposite topics, and a liked and a hidden post of another author.
            for (id, topics) in [(UInt64(11), [Float(1), 0]), (12, [0, 1]), (21, [1, 0]), (22, [0, 1])] {
                try await writer.putPost(
                    Post(id: PostID(id), author: AuthorID(id < 20 ? 5 : 6), createdAt: now - 3_600, mediaType: .text,
                         topics: TopicVector(topics)),
                    now: now)
            }
            // Without actions the profile is unknown: the feature is missing.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prefeed-flog-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let featureLog = try FeatureLogSegmentWriter(directory: directory, logger: Logger(label: "test"))
            let generator = FeedGenerator(
                client: client, keys: keys, configuration: TestWorld.generatorConfiguration(), featureLog: featureLog,
                logger: Logger(label: "test"))
            let cosine = try #require(FeatureSchema.current.index(of: "user_post_topic_cosine"))
            func generatedCosines() async throws -> [PostID: Float] {
                let outcome = try #require(try await generator.generate(
                    users: [reader], model: BaselineModel.valueModel(), modelVersion: "b", now: now).first?.get())
                let logs = FeatureLogSegmentReader(directory: directory).read([
                    .init(user: reader, generation: outcome.generation, positions: Array(outcome.items.indices)),
                ])
                var result: [PostID: Float] = [:]
                let entries = logs.entries[reader]?[outcome.generation] ?? [:]
                for entry in entries.values { result[entry.post] = entry.features[cosine] }
                return result
            }
            let before = try await generatedCosines()
            #expect(before.keys.contains(PostID(11)) && before.values.allSatisfy(\.isNaN))

            // A like on topic 0 and a hide on topic 1: the profile points to topic 0 and away from 1.
            let liked = try #require(try await writer.authorAndTopics(of: PostID(21)))
            #expect(liked.author == AuthorID(6) && liked.topics == TopicVector([1, 0]))
            try await writer.recordAction(user: reader, post: 21, author: 6, action: .like, at: now - 60, topics: liked.topics)
            let hidden = try #require(try await writer.authorAndTopics(of: PostID(22)))
            try await writer.recordAction(user: reader, post: 22, author: 6, action: .hide, at: now - 30, topics: hidden.topics)
            let stored = try await client.execute("HGETALL", keys.topicProfile(reader)).array?.compactMap(\.string) ?? []
            #expect(stored == ["0", "2", "1", "-4"])
            #expect(try await client.execute("TTL", keys.topicProfile(reader)).int ?? 0 > 0)

            let after = try await generatedCosines()
            // Profile (2, −4): cosine with (1, 0) is 2/√20, with (0, 1) it is −4/√20.
            #expect(abs(Double(after[PostID(11)] ?? .nan) - 2 / 20.0.squareRoot()) < 1e-4)
            #expect(abs(Double(after[PostID(12)] ?? .nan) + 4 / 20.0.squareRoot()) < 1e-4)
            // Actions without topics (an unknown post) leave the profile alone.
            try await writer.recordAction(user: reader, post: 99, author: 7, action: .click, at: now)
            #expect(try await client.execute("HGET", keys.topicProfile(reader), "0").string == "2")
        }
    }
}
