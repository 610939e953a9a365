import FeedCore
import Foundation
import PrefeedRedis

/// How a ``Worker`` runs.
public struct WorkerConfiguration: Sendable {
    /// Concurrent loops, each with its own consumer name and one batch in flight. A batch waits on
    /// Redis about half its time, so two loops per core keep the CPU busy (BENCHMARKS.md).
    public var concurrency: Int = 4
    /// Users per batch (one regeneration call, one pipeline).
    public var batchSize: Int = 32
    /// How long an idle loop blocks on an interactive stream before polling the others again.
    public var idleBlock: Duration = .milliseconds(200)
    /// How often each loop claims jobs abandoned by dead workers (when busy; idle loops check every second).
    public var reclaimInterval: Duration = .seconds(5)
    /// How often the model source is polled for a new version.
    public var modelPollInterval: Duration = .seconds(5)
    /// How often queue depth and lag gauges are refreshed.
    public var metricsInterval: Duration = .seconds(5)
    /// Consumers idle this long with no pending job (stopped workers) are removed from the group.
    public var consumerRetention: Duration = .seconds(3_600)
    /// Retry delays after Redis errors (capped exponential with jitter).
    public var backoff = Backoff(base: .milliseconds(50), maximum: .seconds(5))
    /// Attempts to acknowledge or record a finished batch before leaving it to be reclaimed.
    public var completionAttempts: Int = 8
    /// Exit once every stream is empty (`prefeed worker --once`).
    public var exitWhenDrained: Bool = false
    /// Prefix of the consumer names (`<name>-<loop>`); unique per process.
    public var consumerName: String = WorkerConfiguration.defaultConsumerName
    /// Testing only: a pause after each batch's regeneration and before its acknowledgement, so a
    /// crash test can kill the process with a batch in flight.
    public var pauseBeforeAcknowledge: Duration?
    /// The time feeds are generated at (the wall clock; `prefeed simulate loop` passes its
    /// simulated clock). Queue mechanics (claim, reclaim, lag) always use the wall clock.
    public var clock: UnixClock = .wall

    /// The defaults: 2 loops of 32-user batches, 200 ms idle block, 5 s reclaim, model and metrics polls.
    public init() {}

    /// `<host>-<pid>`.
    public static var defaultConsumerName: String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }
}
