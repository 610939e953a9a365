import Logging
import ServiceLifecycle

/// Runs a worker or scheduler as a process's main service: SIGTERM and SIGINT start a graceful
/// shutdown; after `shutdownTimeout` the service is cancelled.
public enum ServiceRunner {
    /// Runs `service` until it returns or a signal stops it.
    /// - Parameter shutdownTimeout: how long a graceful shutdown may take before cancellation (`nil`: no limit).
    /// - Parameter alongside: services that run as long as `service` (a metrics endpoint, a metrics
    ///   file writer); they are shut down gracefully when it returns.
    public static func run(
        _ service: some Service, alongside: [any Service] = [], shutdownTimeout: Duration? = .seconds(60), logger: Logger
    ) async throws {
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)]
                + alongside.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownTimeout
        try await ServiceGroup(configuration: configuration).run()
    }
}
