import FeedCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PrefeedRedis
import Testing

@testable import FeedServer

/// Only an unreachable Redis is an outage (503 + Retry-After); an error reply or a malformed reply
/// is a 500 logged at error level with the request id (issue 22, item 2).
@Suite("Redis error mapping")
struct RedisErrorMappingTests {
    @Test func aWrongTypeKeyIs500WithoutRetryAfterAndIsLoggedWithTheRequestID() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            try await fixture.seedWorld(user: user, authors: 3, postsPerAuthor: 5)
            try await fixture.generate(user)
            let lines = LogLines()
            let logger = Logger(label: "test.server") { _ in CapturingLogHandler(into: lines) }
            let headers = try await fixture.auth(7)
            try await fixture.app(logger: logger).test(.router) { client in
                #expect(try await client.feed("", headers: headers).status == .ok)
                try await fixture.client.execute("DEL", fixture.keys.feedMeta(user))
                try await fixture.client.execute("SET", fixture.keys.feedMeta(user), "not a hash")

                let response = try await client.feed("", headers: headers)
                #expect(response.status == .internalServerError)
                #expect(response.headers[.retryAfter] == nil)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.json["status"] as? Int == 500)
                let body = String(buffer: response.body)
                #expect(!body.contains("WRONGTYPE") && !body.contains("{u:"))
                let requestID = try #require(response.headers[.init("X-Request-Id")!])
                let logged = lines.lines.withLock { $0.filter { $0.message == "request failed" } }
                #expect(logged.count == 1)
                #expect(logged.first?.level == .error)
                #expect(logged.first?.metadata["request.id"]?.description == requestID)
                #expect(logged.first?.metadata["error"]?.description.contains("WRONGTYPE") == true)
            }
        }
    }

    @Test func anErrorInsideAScriptIs500() async throws {
        try await Fixture.with { fixture in
            let user = UserID(7)
            let headers = try await fixture.auth(7)
            // The action script's dedupe set is a string: its first ZREMRANGEBYSCORE fails inside Lua.
            try await fixture.client.execute("SET", fixture.keys.clientEvents(user), "not a zset")
            try await fixture.app().test(.router) { client in
                let response = try await client.actions(
                    #"{"actions": ["# + actionJSON(event: "e-1", request: "1", item: 5, action: "click") + "]}", headers: headers)
                #expect(response.status == .internalServerError)
                #expect(response.headers[.retryAfter] == nil)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test func aLuaRuntimeErrorAndAMalformedReplyMapTo500() async throws {
        try await Fixture.with { fixture in
            // The real error of a Lua runtime failure, as the client reports it.
            let luaError = await #expect(throws: RedisError.self) {
                try await fixture.client.execute("EVAL", "return nil + 1", 0)
            }
            let mapped = ErrorMapping.apiError(for: try #require(luaError), retryAfter: 1)
            #expect(mapped.status == .internalServerError)
            #expect(mapped.retryAfter == nil)
            let malformed = RedisError(code: .unexpectedReply, message: "page script returned 3 elements")
            #expect(ErrorMapping.apiError(for: malformed, retryAfter: 1).status == .internalServerError)
            #expect(ErrorMapping.apiError(for: RedisError(code: .protocolError, message: "bad RESP"), retryAfter: 1).status
                == .internalServerError)
            // Not now, rather than not this command: retry later.
            for unavailable in [
                RedisError(code: .connectionFailed, message: "refused"), RedisError(code: .timeout, message: "no reply"),
                RedisError(code: .poolTimeout, message: "busy"), RedisError(serverReply: "LOADING Redis is loading"),
                RedisError(serverReply: "BUSY Redis is busy running a script"),
            ] {
                let error = ErrorMapping.apiError(for: unavailable, retryAfter: 2)
                #expect(error.status == .serviceUnavailable)
                #expect(error.retryAfter == 2)
            }
        }
    }

    @Test func aDeadRedisIs503WithRetryAfterOnEveryRoute() async throws {
        try await Fixture.with { fixture in
            let headers = try await fixture.auth(7)
            try await fixture.app().test(.router) { client in
                fixture.server.stop()
                let action = try await client.actions(
                    #"{"actions": ["# + actionJSON(event: "e-1", request: "1", item: 5, action: "click") + "]}", headers: headers)
                #expect(action.status == .serviceUnavailable)
                #expect(action.headers[.retryAfter] == "1")
                #expect(action.headers[.contentType] == "application/problem+json")
                let session = try await client.execute(uri: "/v1/sessions", method: .post, headers: headers)
                #expect(session.status == .serviceUnavailable)
                #expect(session.headers[.retryAfter] == "1")
            }
        }
    }
}
