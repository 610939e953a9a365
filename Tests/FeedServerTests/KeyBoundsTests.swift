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
/// keyspace (issue 22). The jobs (worker, join, warm-up, scheduler, counter) are walked the same
/// way after `ClusterCommandsTests` runs every `prefeed` command.
@Suite("Key bounds after every endpoint")
struct KeyBoundsTests {
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

            let walk = try await KeyBoundsWalk.walk(fixture.client)
            let all = walk.all
            #expect(all.count > 50)
            // The walk saw what the endpoints wrote (so an unbounded one would be caught).
            for kind in ["{u:7}:events", "{u:7}:seenq", "{u:7}:items:", "{u:7}:logins", "{u:7}:follows", "{u:9}:", "impressions:{", "actions:{"] {
                #expect(all.contains { $0.hasPrefix(kind) }, "no \(kind) key was written")
            }
            #expect(walk.unbounded.isEmpty, "keys without TTL or trim bound: \(walk.unbounded.sorted().prefix(20))")
        }
    }
}
