import FeedCore
import FeedServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What a caller cannot get away with (issue 22, item 6): a JSON body under another media type,
/// another user's cursor, ingesting through the development header without asking for it.
@Suite("Request hardening")
struct RequestHardeningTests {
    @Test func aJSONBodyMustSayItIsJSON() async throws {
        try await Fixture.with { fixture in
            let headers = try await fixture.auth(7)
            let body = #"{"actions": ["# + actionJSON(event: "e-1", request: "1", item: 5, action: "click") + "]}"
            try await fixture.app().test(.router) { client throws in
                for contentType in [nil, "text/plain", "application/x-www-form-urlencoded"] as [String?] {
                    var sent = headers
                    sent[.contentType] = contentType
                    let response = try await client.execute(uri: "/v1/actions", method: .post, headers: sent, body: ByteBuffer(string: body))
                    #expect(response.status == .unsupportedMediaType, "\(contentType ?? "none")")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let post = try await client.execute(uri: "/v1/posts", method: .post, headers: sent, body: ByteBuffer(string: "{}"))
                    #expect(post.status == .unsupportedMediaType)
                }
                var charset = headers
                charset[.contentType] = "application/json; charset=utf-8"
                #expect(try await client.execute(uri: "/v1/actions", method: .post, headers: charset, body: ByteBuffer(string: body))
                    .status == .ok)
            }
            #expect(try await fixture.client.execute("XLEN", fixture.keys.actions(for: UserID(7))).int == 1)
        }
    }

    @Test func anotherUsersCursorIs400() async throws {
        try await Fixture.with { fixture in
            for user in [UserID(7), UserID(8)] {
                try await fixture.seedWorld(user: user, authors: 3, postsPerAuthor: 5)
                try await fixture.generate(user)
            }
            let seven = try await fixture.auth(7)
            let eight = try await fixture.auth(8)
            try await fixture.app().test(.router) { client throws in
                let page = try await client.feed("limit=3", headers: seven).decode(FeedPageResponse.self)
                let cursor = try #require(page.next?.cursor)
                #expect(try await client.feed("limit=3&cursor=\(cursor)", headers: seven).status == .ok)
                let stolen = try await client.feed("limit=3&cursor=\(cursor)", headers: eight)
                #expect(stolen.status == .badRequest)
                #expect(stolen.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test func theDevelopmentHeaderGrantsNoIngestUnlessAskedFor() async throws {
        let now = Date().timeIntervalSince1970
        let post = ByteBuffer(string: #"{"id": 77, "author": 42, "created_at": \#(now), "media_type": "text"}"#)
        let headers: HTTPFields = [.init("X-Dev-User")!: "7", .contentType: "application/json"]
        try await Fixture.with({ $0.developmentUserHeader = "X-Dev-User" }) { fixture in
            try await fixture.app().test(.router) { client throws in
                #expect(try await client.execute(uri: "/v1/posts", method: .post, headers: headers, body: post).status == .forbidden)
                #expect(try await client.execute(uri: "/v1/users/8/follows/42", method: .put, headers: headers).status == .forbidden)
                #expect(try await client.execute(uri: "/v1/users/7/follows/42", method: .put, headers: headers).status == .noContent)
            }
        }
        try await Fixture.with({ $0.developmentUserHeader = "X-Dev-User"; $0.developmentUserCanIngest = true }) { fixture in
            try await fixture.app().test(.router) { client throws in
                #expect(try await client.execute(uri: "/v1/posts", method: .post, headers: headers, body: post).status == .created)
            }
        }
    }
}
