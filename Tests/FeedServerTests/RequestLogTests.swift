import FeedServer
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Keeps every log line with its metadata merged as the standard handlers merge it (handler
/// metadata, then the metadata provider, then the line's own).
private final class LogLines: Sendable {
    let lines = Mutex<[(message: String, metadata: Logger.Metadata)]>([])
}

private struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    init(into lines: LogLines) {
        self.lines = lines
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        merged.merge(metadataProvider?.get() ?? [:]) { _, new in new }
        merged.merge(event.metadata ?? [:]) { _, new in new }
        lines.lines.withLock { $0.append((message: "\(event.message)", metadata: merged)) }
    }
}

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
