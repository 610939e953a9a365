import FeedCore
import FeedServer
import FeedStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PrefeedRedis
import PrefeedTestSupport

/// A private redis-server, a client whose statistics the tests read, and a server configuration
/// for `buildApplication`.
struct Fixture {
    static let secret = JWTSecret(keyID: "k2", secret: Array("test-secret-k2-0123456789abcdef0123".utf8))
    static let previousSecret = JWTSecret(keyID: "k1", secret: Array("test-secret-k1-0123456789abcdef0123".utf8))

    /// The Redis server; on a cluster fixture, the cluster's first node.
    let server: RedisServerProcess
    /// The cluster, on a cluster fixture.
    var cluster: RedisClusterProcess? = nil
    let client: RedisClient
    var keys = FeedKeys()
    var configuration: ServerConfiguration
    let writer: SourceDataWriter
    let signer: TokenSigner

    /// Runs `body` with a fresh Redis; stops it afterwards.
    static func with<T>(
        _ adjust: (inout ServerConfiguration) -> Void = { _ in }, _ body: (Fixture) async throws -> T
    ) async throws -> T {
        let server = try await RedisServerProcess.start(maximumConnections: 8)
        defer { server.stop() }
        return try await make(server: server, redis: server.configuration, store: .default, adjust, body)
    }

    /// Runs `body` with a fresh local Redis Cluster (3 masters, 3 replicas) and the cluster key
    /// layout; stops it afterwards. `server` is the cluster's first node.
    static func withCluster<T>(
        _ adjust: (inout ServerConfiguration) -> Void = { _ in }, _ body: (Fixture) async throws -> T
    ) async throws -> T {
        let cluster = try await RedisClusterProcess.start(maximumConnections: 8)
        defer { cluster.stop() }
        return try await make(server: cluster.nodes[0], cluster: cluster, redis: cluster.configuration, store: .cluster(), adjust, body)
    }

    private static func make<T>(
        server: RedisServerProcess, cluster: RedisClusterProcess? = nil, redis: RedisConfiguration, store: StoreConfiguration,
        _ adjust: (inout ServerConfiguration) -> Void, _ body: (Fixture) async throws -> T
    ) async throws -> T {
        let client = RedisClient(configuration: redis)
        defer { client.shutdown() }
        var configuration = ServerConfiguration(redis: redis, jwtKeys: [secret, previousSecret])
        configuration.store = store
        adjust(&configuration)
        let keys = FeedKeys(configuration: configuration.store)
        let fixture = Fixture(
            server: server, cluster: cluster, client: client, keys: keys, configuration: configuration,
            writer: SourceDataWriter(client: client, keys: keys, logger: Logger(label: "test")), signer: await TokenSigner(secret: secret))
        return try await body(fixture)
    }

    /// The application under test, on the fixture's client.
    func app(logger: Logger? = nil, eventLoopGroupProvider: EventLoopGroupProvider = .singleton) async -> some ApplicationProtocol {
        var quiet = Logger(label: "test.server")
        quiet.logLevel = .warning
        return await buildApplication(
            configuration: configuration, logger: logger ?? quiet, redis: client, eventLoopGroupProvider: eventLoopGroupProvider)
    }

    /// A bearer header for `user`.
    func auth(_ user: UInt64, scope: String? = nil) async throws -> HTTPFields {
        let token = try await signer.token(for: UserID(user), scope: scope, now: Date().timeIntervalSince1970)
        return [.authorization: "Bearer \(token)"]
    }

    /// A generator whose candidate budget lets one user's feed reach 500 followed items.
    func generator() -> FeedGenerator {
        var configuration = GeneratorConfiguration()
        configuration.maxFollowedCandidates = 500
        configuration.globalRefreshSeconds = 0
        configuration.statsRefreshSeconds = 0
        return FeedGenerator(client: client, keys: keys, configuration: configuration, logger: Logger(label: "test"))
    }

    /// `user` follows `authors` authors with `postsPerAuthor` recent posts each (ids from `firstPost`).
    func seedWorld(user: UserID, authors: Int, postsPerAuthor: Int, firstAuthor: UInt64 = 1_000, firstPost: UInt64 = 100_000) async throws {
        let now = Date().timeIntervalSince1970
        var id = firstPost
        for index in 0..<authors {
            let author = AuthorID(firstAuthor + UInt64(index))
            try await writer.follow(user, author: author, at: now - 86_400)
            for post in 0..<postsPerAuthor {
                try await writer.putPost(
                    Post(id: PostID(id), author: author, createdAt: now - Double(post * authors + index) * 30,
                         mediaType: MediaType(index: Int(id % 4))!, topics: TopicVector([0.6, 0.8])),
                    now: now)
                id += 1
            }
        }
    }

    /// Generates `user`'s feed now.
    @discardableResult
    func generate(_ user: UserID, version: String = "m1") async throws -> GenerationOutcome {
        try await generator().generate(
            users: [user], model: BaselineModel.valueModel(), modelVersion: version, now: Date().timeIntervalSince1970)[0].get()
    }

    /// Impression records written for `user`'s stream shard.
    func impressions(of user: UserID) async throws -> [[String: String]] {
        let reply = try await client.execute("XRANGE", keys.impressions(for: user), "-", "+")
        return (reply.array ?? []).map { entry in
            let fields = entry.array?[1].array ?? []
            var record: [String: String] = [:]
            var index = 0
            while index + 1 < fields.count {
                record[fields[index].string ?? ""] = fields[index + 1].string ?? ""
                index += 2
            }
            return record
        }
    }
}
