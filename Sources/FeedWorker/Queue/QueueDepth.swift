/// The state of one priority's streams (all shards together), for lag metrics and `--once`.
public struct QueueDepth: Sendable, Hashable {
    /// The priority.
    public var priority: JobPriority
    /// Entries in the streams: jobs not yet done (waiting, in flight or waiting for a retry).
    public var length: Int
    /// Of those, delivered to a worker and not yet acknowledged.
    public var pending: Int
    /// Age of the oldest entry in seconds (0 when empty): the queue lag.
    public var oldestAge: Double

    /// A depth reading.
    public init(priority: JobPriority, length: Int, pending: Int, oldestAge: Double) {
        self.priority = priority
        self.length = length
        self.pending = pending
        self.oldestAge = oldestAge
    }
}
