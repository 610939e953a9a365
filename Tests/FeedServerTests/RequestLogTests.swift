import FeedServer
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite("Request ids in the logs")
struct RequestLogTests {
    @Test func aRequestsLogLinesCarryItsRequestID() async throws {
        try await Fixture.with { fixture in
            let lines = LogLines()
            let logger = Logger(label: "test.server") { _ in CapturingLogHandler(into: lines) }
            let headers = try await fixture.auth(7)
            let app = await fixture.app(logger: logger)
            try await app.test(.router) { client in
                // A rejected parameter is logged (debug) by the problem middleware inside the request.
                var requestIDs: [String] = []
                for _ in 0..<2 {
                    try await client.execute(uri: "/v1/feed?limit=many", method: .get, headers: headers) { response in
                        #expect(response.status == .badRequest)
                        requestIDs.append(try #require(response.headers[.init("X-Request-Id")!]))
                    }
                }
                let logged = lines.lines.withLock { $0.filter { $0.message == "request rejected" }.map { $0.metadata["request.id"]?.description } }
                #expect(requestIDs.count == 2 && requestIDs[0] != requestIDs[1])
                #expect(logged == requestIDs.map(Optional.some))
            }
        }
    }
}
