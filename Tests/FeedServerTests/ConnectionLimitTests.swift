import FeedServer
import Hummingbird
import HummingbirdTesting
import Logging
import PrefeedTestSupport
import ServiceLifecycle
import Testing

/// The server closes idle connections and caps open ones (issue 22, item 6), on a live loopback
/// server. Waits for something to happen are long (15 s: the whole suite runs in parallel on two
/// cores); only the "nothing happens" wait is short, and it can only pass spuriously, not fail.
@Suite("Connection limits")
struct ConnectionLimitTests {
    static let healthz = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    @Test func anIdleConnectionIsClosed() async throws {
        try await Fixture.with({ $0.port = 0; $0.idleTimeout = .milliseconds(300) }) { fixture in
            try await fixture.app().test(.live) { client in
                let port = try #require(client.port)
                let socket = try #require(RawSocket(port: port))
                socket.send(Self.healthz)
                let first = await socket.read(within: 15)
                guard case .bytes(let response) = first else {
                    Issue.record("no response: \(first) on port \(port)")
                    return
                }
                #expect(response.hasPrefix("HTTP/1.1 200"))
                // Kept alive, then idle: the server closes it after the timeout.
                #expect(await socket.read(within: 15) == .closed)
            }
        }
    }

    /// Runs the application on a free loopback port (not HummingbirdTesting's `.live`, whose
    /// configuration copy drops `availableConnectionsDelegate`) until `body` returns; `body` gets
    /// the port and the first connection that got through (the one that showed the server is up).
    static func serving<T: Sendable>(
        _ fixture: Fixture, _ adjust: (inout ServerConfiguration) -> Void, _ body: @Sendable (Int, RawSocket) async throws -> T
    ) async throws -> T {
        var fixture = fixture
        fixture.configuration.port = try freeLoopbackPort()
        adjust(&fixture.configuration)
        let port = fixture.configuration.port
        let app = await fixture.app()
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "test")))
        let server = Task { try await group.run() }
        defer { server.cancel() }
        var first: RawSocket?
        for _ in 0..<400 where first == nil {
            first = RawSocket(port: port)
            if first == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        do {
            let value = try await body(port, try #require(first))
            await group.triggerGracefulShutdown()
            _ = try? await server.value
            return value
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await server.value
            throw error
        }
    }

    @Test func beyondTheCapNewConnectionsWaitUntilOneCloses() async throws {
        try await Fixture.with { fixture in
            try await Self.serving(fixture, { $0.maxConnections = 2 }) { port, first in
                var open = [first, try #require(RawSocket(port: port))]
                for socket in open {
                    socket.send(Self.healthz)
                    guard case .bytes = await socket.read(within: 15) else {
                        Issue.record("no response within the cap")
                        return
                    }
                }
                // The third is queued by the kernel but not accepted: no answer while two are open.
                let third = try #require(RawSocket(port: port))
                third.send(Self.healthz)
                #expect(await third.read(within: 0.5) == .timedOut)
                open.removeFirst().close()
                guard case .bytes(let response) = await third.read(within: 15) else {
                    Issue.record("the queued connection was not served after one closed")
                    return
                }
                #expect(response.hasPrefix("HTTP/1.1 200"))
                _ = open
            }
        }
    }
}
