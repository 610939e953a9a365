import FeedCore
import FeedServer
import FeedStore
import FeedWorker
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PrefeedRedis
import Testing

/// Every key the read path writes has a TTL or a documented trim bound: every endpoint is
/// exercised through the router (pages, a miss, actions incl. a hide, sessions, post create and
/// delete, follow and unfollow), then the impression counter runs once, then `SCAN` walks the whole
/// keyspace (issue 22).
@Suite("Key bounds after every endpoint")
struct KeyBoundsTests {
    /// Prefixes of keys bounded by trimming instead of a TTL (docs/REDIS-KEYS.md): streams by
    /// `MAXLEN ~`, global sets by count, the job streams and activity index by the worker and the
    /// scheduler, the model registry by version count, the deletions log by length.
    static let trimmedByDesign = [
        "impressions:{", "actions:{", "popular:{", "trending:{", "followers:{", "models:{", "jobs:", "active:", "deleted:{",
    ]

    static func json(_ headers: HTTPFields) -> HTTPFields {
        var headers = headers
        headers[.contentType] = "application/json"
        return headers
    }

    @Test func noKeyIsLeftWithoutATTLOrATrimBound() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 4, postsPerAuthor: 10)
            try await fixture.generate(user)
            let reader = try await Self.json(fixture.auth(7))
            let ingest = try await Self.json(fixture.auth(7, scope: "ingest"))
            let now = Date().timeIntervalSince1970
            try await fixture.app().test(.router) { client in
                let page = try await client.feed("limit=5", headers: reader).decode(FeedPageResponse.self)
                let next = try await client.feed("limit=5&after=\(page.next!.after)", headers: reader)
                #expect(next.status == .ok)
                // A miss: a user without a feed (inline generation or fallback, plus a job).
                let stranger = try await Self.json(fixture.auth(9))
                #expect(try await client.feed("limit=5", headers: stranger).status == .ok)
                let actions = #"{"actions": ["# + [
                    actionJSON(event: "k-1", request: page.requestID, item: page.items[0].id.rawValue, action: "like"),
                    actionJSON(event: "k-2", request: page.requestID, item: page.items[1].id.rawValue, action: "hide"),
                ].joined(separator: ",") + "]}"
                #expect(try await client.actions(actions, headers: reader).status == .ok)
                #expect(try await client.execute(uri: "/v1/sessions", method: .post, headers: reader).status.code < 300)
                let post = ByteBuffer(string: #"{"id": 990001, "author": 7, "created_at": \#(now - 5), "media_type": "text"}"#)
                #expect(try await client.execute(uri: "/v1/posts", method: .post, headers: ingest, body: post).status == .created)
                #expect(try await client.execute(uri: "/v1/posts/990001", method: .delete, headers: ingest).status.code < 300)
                #expect(try await client.execute(uri: "/v1/users/7/follows/1003", method: .put, headers: reader).status.code < 300)
                #expect(try await client.execute(uri: "/v1/users/7/follows/1002", method: .delete, headers: reader).status.code < 300)
            }
            var counterConfiguration = ImpressionCounterConfiguration()
            counterConfiguration.once = true
            try await ImpressionCounter(client: fixture.client, keys: fixture.keys, configuration: counterConfiguration,
                                        logger: Logger(label: "test")).run()

            var cursor = "0"
            var checked = 0
            var without: [String] = []
            var all: [String] = []
            repeat {
                let reply = try await fixture.client.execute("SCAN", cursor, "COUNT", 1000).array ?? []
                cursor = reply.first?.string ?? "0"
                let names = (reply.last?.array ?? []).compactMap(\.string)
                all += names
                let ttls = await fixture.client.pipeline(names.map { RedisCommand("TTL", $0) })
                for (name, ttl) in zip(names, ttls) {
                    checked += 1
                    if try ttl.get().int == -1, !Self.trimmedByDesign.contains(where: { name.hasPrefix($0) }) {
                        without.append(name)
                    }
                }
            } while cursor != "0"
            #expect(checked > 50)
            // The walk saw what the endpoints wrote (so an unbounded one would be caught).
            for kind in ["{u:7}:events", "{u:7}:seenq", "{u:7}:items:", "{u:7}:logins", "{u:7}:follows", "{u:9}:", "impressions:{", "actions:{"] {
                #expect(all.contains { $0.hasPrefix(kind) }, "no \(kind) key was written")
            }
            #expect(without.isEmpty, "keys without TTL or trim bound: \(without.sorted().prefix(20))")
        }
    }
}
