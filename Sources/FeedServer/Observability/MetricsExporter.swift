import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// Exports the swift-metrics of a process that is not the HTTP server — worker, scheduler, join,
/// warm-up — in the Prometheus text format:
/// - `GET /metrics` on a port of its own (long-running processes, scraped like the server), and/or
/// - a file rewritten atomically every ``Configuration/fileInterval`` and once more at exit, for
///   node_exporter's textfile collector (one-shot runs under a timer, whose process is gone before
///   any scrape).
///
/// ``bootstrap(_:logger:)`` installs one Prometheus registry as the process's metrics backend, so
/// every metric FeedStore, FeedWorker, FeedJoin and FeedWarmup record lands in it.
public struct MetricsExporter: Sendable {
    /// Where to export.
    public struct Configuration: Sendable, Hashable {
        /// Address of the `/metrics` endpoint.
        public var host = "127.0.0.1"
        /// Port of the `/metrics` endpoint; nil serves none.
        public var port: Int?
        /// Path of the text file; nil writes none.
        public var file: String?
        /// How often a long-running process rewrites the file.
        public var fileInterval: Duration = .seconds(15)

        public init(host: String = "127.0.0.1", port: Int? = nil, file: String? = nil) {
            self.host = host
            self.port = port
            self.file = file
        }

        /// Whether anything is exported.
        public var isEnabled: Bool { port != nil || file != nil }
    }

    /// The registry every metric of the process goes to.
    public let registry: PrometheusCollectorRegistry
    public let configuration: Configuration
    private let logger: Logger

    /// Installs a Prometheus registry as the swift-metrics backend (once per process) and returns
    /// the exporter; nil when `configuration` exports nothing (metrics then stay no-ops).
    public static func bootstrap(_ configuration: Configuration, logger: Logger) -> MetricsExporter? {
        guard configuration.isEnabled else { return nil }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return MetricsExporter(registry: registry, configuration: configuration, logger: logger)
    }

    /// The Prometheus text exposition of every metric recorded so far.
    public func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    /// Writes the file now (temporary file, then rename: a scraper never reads half a file).
    public func writeFile() {
        guard let file = configuration.file else { return }
        let url = URL(fileURLWithPath: file)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(render()).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw MetricsFileError(message: "rename to \(file) failed: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            logger.warning("could not write the metrics file", metadata: ["metrics.file": "\(file)", "error": "\(error)"])
        }
    }

    /// The services that export while the process runs: the endpoint and the periodic file writer.
    /// Run them beside the process's main service; they stop on its graceful shutdown (the file is
    /// written one last time then).
    public var services: [any Service] {
        var services: [any Service] = []
        if let port = configuration.port {
            let router = Router()
            let exporter = self
            router.get("/metrics") { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: exporter.render())))
            }
            router.get("/healthz") { _, _ in HTTPResponse.Status.ok }
            var quiet = logger
            quiet.logLevel = .warning
            services.append(Application(
                router: router, configuration: .init(address: .hostname(configuration.host, port: port)), logger: quiet))
        }
        if configuration.file != nil { services.append(FileWriter(exporter: self)) }
        return services
    }

    /// Rewrites the file every interval until graceful shutdown, then once more.
    struct FileWriter: Service {
        let exporter: MetricsExporter

        func run() async throws {
            exporter.writeFile()
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try? await Task.sleep(for: exporter.configuration.fileInterval)
                    exporter.writeFile()
                }
            }
            exporter.writeFile()
        }
    }
}

private struct MetricsFileError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
