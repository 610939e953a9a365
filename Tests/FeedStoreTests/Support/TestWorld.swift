import FeedCore
import FeedStore
import Logging
import PrefeedRedis
import PrefeedTestSupport

/// A small hand-built world written through the live writer.
struct TestWorld {
    static let now: Double = 1_800_000_000
    let writer: SourceDataWriter

    init(client: RedisClient, keys: FeedKeys = FeedKeys()) {
        writer = SourceDataWriter(client: client, keys: keys, logger: Logger(label: "test"))
    }

    func post(_ id: UInt64, author: UInt64, age: Double, media: MediaType = .text) async throws {
        try await writer.putPost(
            Post(id: PostID(id), author: AuthorID(author), createdAt: Self.now - age, mediaType: media,
                 topics: TopicVector([0.6, 0.8])),
            now: Self.now)
    }

    /// Some popularity for `post` (clicks and likes by a bystander user 999).
    func engage(_ post: UInt64, author: UInt64, times: Int, age: Double = 600) async throws {
        for index in 0..<times {
            try await writer.recordAction(
                user: UserID(999), post: PostID(post), author: AuthorID(author), action: index % 2 == 0 ? .click : .like,
                at: Self.now - age + Double(index))
        }
    }

    /// Runs `body` with a private redis-server, a client on it and a world written through it; the
    /// server stops afterwards.
    static func withServer<T>(
        keys: FeedKeys = FeedKeys(), _ body: (RedisClient, FeedKeys, TestWorld) async throws -> T
    ) async throws -> T {
        let server = try await RedisServerProcess.start()
        defer { server.stop() }
        let client = server.client()
        defer { client.shutdown() }
        return try await body(client, keys, TestWorld(client: client, keys: keys))
    }

    static func generatorConfiguration() -> GeneratorConfiguration {
        var configuration = GeneratorConfiguration()
        configuration.globalRefreshSeconds = 0
        configuration.statsRefreshSeconds = 0
        return configuration
    }
}

extension Result {
    var value: Success? { try? get() }
}
