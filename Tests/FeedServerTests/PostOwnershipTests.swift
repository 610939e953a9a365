import FeedCore
import FeedServer
import FeedStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /v1/posts` never hands an existing post to another author (issue 22, item 1).
@Suite("Post ownership")
struct PostOwnershipTests {
    static func post(id: UInt64, author: UInt64, createdAt: Double, media: String = "text") -> ByteBuffer {
        ByteBuffer(string: #"{"id": \#(id), "author": \#(author), "created_at": \#(createdAt), "media_type": "\#(media)"}"#)
    }

    static func jsonAuth(_ fixture: Fixture, _ user: UInt64, scope: String? = nil) async throws -> HTTPFields {
        var headers = try await fixture.auth(user, scope: scope)
        headers[.contentType] = "application/json"
        return headers
    }

    @Test func anotherAuthorsPostIDIsRefusedAndThePostIsUnchanged() async throws {
        try await Fixture.with { fixture in
            let now = Date().timeIntervalSince1970
            let owner = try await Self.jsonAuth(fixture, 42)
            let thief = try await Self.jsonAuth(fixture, 43)
            try await fixture.app().test(.router) { client throws in
                let created = try await client.execute(
                    uri: "/v1/posts", method: .post, headers: owner, body: Self.post(id: 900, author: 42, createdAt: now - 60))
                #expect(created.status == .created)
                let before = try #require(try await fixture.client.execute("DUMP", fixture.keys.post(900)).bytes)

                let takeover = try await client.execute(
                    uri: "/v1/posts", method: .post, headers: thief,
                    body: Self.post(id: 900, author: 43, createdAt: now, media: "video"))
                #expect(takeover.status == .conflict)
                #expect(takeover.headers[.contentType] == "application/problem+json")
                #expect(takeover.json["status"] as? Int == 409)
                #expect(try await fixture.client.execute("DUMP", fixture.keys.post(900)).bytes == before)
                #expect(try await fixture.writer.author(of: 900) == AuthorID(42))
                #expect(try await fixture.client.execute("ZSCORE", fixture.keys.timeline(43), 900).bytes == nil)

                // The would-be thief cannot delete it either; the owner still can.
                #expect(try await client.execute(uri: "/v1/posts/900", method: .delete, headers: thief).status == .forbidden)
                #expect(try await fixture.writer.author(of: 900) == AuthorID(42))
            }
        }
    }

    @Test func anIngestTokenCannotReassignAPostEither() async throws {
        try await Fixture.with { fixture in
            let now = Date().timeIntervalSince1970
            let service = try await Self.jsonAuth(fixture, 1, scope: "ingest")
            try await fixture.app().test(.router) { client throws in
                #expect(try await client.execute(
                    uri: "/v1/posts", method: .post, headers: service, body: Self.post(id: 901, author: 42, createdAt: now)
                ).status == .created)
                #expect(try await client.execute(
                    uri: "/v1/posts", method: .post, headers: service, body: Self.post(id: 901, author: 44, createdAt: now)
                ).status == .conflict)
                #expect(try await fixture.writer.author(of: 901) == AuthorID(42))
            }
        }
    }

    @Test func repostingYourOwnPostIsIdempotent() async throws {
        try await Fixture.with { fixture in
            let now = Date().timeIntervalSince1970
            let owner = try await Self.jsonAuth(fixture, 42)
            try await fixture.app().test(.router) { client throws in
                let body = Self.post(id: 902, author: 42, createdAt: now - 10)
                #expect(try await client.execute(uri: "/v1/posts", method: .post, headers: owner, body: body).status == .created)
                let post = try await fixture.client.execute("DUMP", fixture.keys.post(902)).bytes
                let timeline = try await fixture.client.execute("ZRANGE", fixture.keys.timeline(42), 0, -1, "WITHSCORES").array?
                    .compactMap(\.string)
                #expect(try await client.execute(uri: "/v1/posts", method: .post, headers: owner, body: body).status == .created)
                #expect(try await fixture.client.execute("DUMP", fixture.keys.post(902)).bytes == post)
                #expect(try await fixture.client.execute("ZRANGE", fixture.keys.timeline(42), 0, -1, "WITHSCORES").array?
                    .compactMap(\.string) == timeline)
                #expect(try await fixture.client.execute("TTL", fixture.keys.post(902)).int ?? -1 > 0)
            }
        }
    }

    @Test func aDeleteCheckedAgainstOneAuthorNeverRemovesAnotherAuthorsPost() async throws {
        try await Fixture.with { fixture throws in
            let now = Date().timeIntervalSince1970
            #expect(try await fixture.writer.createPost(
                Post(id: 910, author: 42, createdAt: now, mediaType: .text, topics: .unknown), now: now) == .created)
            // A delete that checked an earlier author (the id was deleted and re-created in between).
            #expect(try await fixture.writer.deletePost(910, author: 43) == false)
            #expect(try await fixture.writer.author(of: 910) == AuthorID(42))
            #expect(try await fixture.client.execute("ZSCORE", fixture.keys.timeline(42), 910).bytes != nil)
            #expect(try await fixture.writer.deletePost(910, author: 42))
            #expect(try await fixture.writer.author(of: 910) == nil)
            #expect(try await fixture.client.execute("ZSCORE", fixture.keys.timeline(42), 910).bytes == nil)
            #expect(try await fixture.writer.deletePost(910, author: 42))  // already gone: idempotent
        }
    }

    @Test func concurrentCreatesOfOneIDHaveOneWinner() async throws {
        try await Fixture.with { fixture in
            let now = Date().timeIntervalSince1970
            let results = try await withThrowingTaskGroup(of: PostCreation.self) { group in
                for author in 50..<58 as Range<UInt64> {
                    group.addTask {
                        try await fixture.writer.createPost(
                            Post(id: 903, author: AuthorID(author), createdAt: now, mediaType: .text, topics: .unknown), now: now)
                    }
                }
                return try await group.reduce(into: [PostCreation]()) { $0.append($1) }
            }
            #expect(results.filter { $0 == .created }.count == 1)
            #expect(results.filter { if case .conflict = $0 { true } else { false } }.count == 7)
            let owner = try #require(try await fixture.writer.author(of: 903))
            #expect(results.allSatisfy { $0 == .created || $0 == .conflict(owner: owner) })
        }
    }
}
