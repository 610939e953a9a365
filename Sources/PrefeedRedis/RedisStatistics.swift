import Synchronization

/// Counters a client keeps about its traffic, readable at any time without locks.
///
/// `roundTrips` counts write-then-read cycles on any connection: with many tasks sharing a
/// connection, one round trip carries many commands, so `commands / roundTrips` is the
/// achieved pipelining depth.
public final class RedisStatistics: Sendable {
    private let roundTripCount = Atomic<Int>(0)
    private let commandCount = Atomic<Int>(0)
    private let connectCount = Atomic<Int>(0)
    private let connectionErrorCount = Atomic<Int>(0)
    private let redirectionCount = Atomic<Int>(0)
    private let clusterRetryCount = Atomic<Int>(0)

    public init() {}

    func recordRoundTrip(commands: Int) {
        roundTripCount.add(1, ordering: .relaxed)
        commandCount.add(commands, ordering: .relaxed)
    }

    func recordConnect() { connectCount.add(1, ordering: .relaxed) }
    func recordConnectionError() { connectionErrorCount.add(1, ordering: .relaxed) }
    func recordRedirection() { redirectionCount.add(1, ordering: .relaxed) }
    func recordClusterRetry() { clusterRetryCount.add(1, ordering: .relaxed) }

    /// A consistent-enough copy of the counters.
    public var snapshot: Snapshot {
        Snapshot(
            roundTrips: roundTripCount.load(ordering: .relaxed),
            commands: commandCount.load(ordering: .relaxed),
            connects: connectCount.load(ordering: .relaxed),
            connectionErrors: connectionErrorCount.load(ordering: .relaxed),
            redirections: redirectionCount.load(ordering: .relaxed),
            clusterRetries: clusterRetryCount.load(ordering: .relaxed))
    }

    /// Counter values at one moment.
    public struct Snapshot: Sendable, Hashable {
        public var roundTrips: Int
        public var commands: Int
        public var connects: Int
        public var connectionErrors: Int
        /// Commands a cluster node redirected with `MOVED` or `ASK`.
        public var redirections: Int = 0
        /// Commands retried after `TRYAGAIN`, `CLUSTERDOWN` or an unreachable node.
        public var clusterRetries: Int = 0

        /// Counters accumulated since `earlier`.
        public func since(_ earlier: Snapshot) -> Snapshot {
            Snapshot(
                roundTrips: roundTrips - earlier.roundTrips,
                commands: commands - earlier.commands,
                connects: connects - earlier.connects,
                connectionErrors: connectionErrors - earlier.connectionErrors,
                redirections: redirections - earlier.redirections,
                clusterRetries: clusterRetries - earlier.clusterRetries)
        }
    }
}
