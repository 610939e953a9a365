import Metrics
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// Runs the server as a process's main service (`prefeed serve`): installs one Prometheus
/// registry as the swift-metrics backend (so FeedStore and FeedWorker metrics are exported too),
/// builds the application and runs it in a ServiceGroup that shuts down gracefully on SIGTERM or
/// SIGINT (in-flight requests finish, then the Redis client closes).
public enum ServerRunner {
    /// Runs until a signal stops the server.
    public static func run(configuration: ServerConfiguration, logger: Logger, shutdownTimeout: Duration = .seconds(30)) async throws {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let app = await buildApplication(
            configuration: configuration, logger: logger, metrics: ServerMetrics(registry: registry))
        var group = ServiceGroupConfiguration(
            services: [.init(service: app, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = shutdownTimeout
        try await ServiceGroup(configuration: group).run()
    }
}
