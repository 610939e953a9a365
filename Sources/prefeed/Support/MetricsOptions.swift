import ArgumentParser
import FeedServer
import Logging

/// `--metrics-port` / `--metrics-file`, shared by the processes that are not the HTTP server
/// (worker, schedule, join, warmup run): where their Prometheus metrics go. See docs/OPERATIONS.md.
struct MetricsOptions: ParsableArguments {
    @Option(help: "Serve GET /metrics (Prometheus text) on this port of --metrics-host.")
    var metricsPort: Int?

    @Option(help: "Address of the metrics endpoint.")
    var metricsHost = "127.0.0.1"

    @Option(help: "Write the metrics to this file every 15 s and at exit (node_exporter textfile collector).")
    var metricsFile: String?

    func validate() throws {
        if let metricsPort, !(1...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be in 1...65535")
        }
    }

    /// Installs the Prometheus backend when something is exported; nil otherwise.
    func bootstrap(logger: Logger) -> MetricsExporter? {
        MetricsExporter.bootstrap(.init(host: metricsHost, port: metricsPort, file: metricsFile), logger: logger)
    }
}
