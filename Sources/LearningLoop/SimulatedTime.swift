import FeedCore
import FeedWorld
import Foundation
import Synchronization

/// The loop's clock: the time the read path, the worker, the simulated users and the ground truth
/// all read. With simulated time it is set by the loop (it never moves on its own); in the
/// compressed mode (`roundHours == 0`) it is the wall clock and ``set(_:)`` does nothing.
final class SimulatedClock: Sendable {
    private let time: Mutex<Double>
    private let simulated: Bool

    /// A simulated clock at `start`, or the wall clock when `simulated` is false.
    init(start: Double, simulated: Bool) {
        time = Mutex(start)
        self.simulated = simulated
    }

    /// The current time, unix seconds.
    var now: Double { simulated ? time.withLock { $0 } : Date().timeIntervalSince1970 }

    /// Moves the simulated time to `value` (never backwards).
    func set(_ value: Double) {
        guard simulated else { return }
        time.withLock { $0 = max($0, value) }
    }

    /// The clock as the product's components take it.
    var unix: UnixClock { UnixClock { [self] in self.now } }
}

/// When things happen in simulated time: each round spans ``roundSeconds`` after the world's
/// history ends and is split into ``slots`` reading slots; every user reads once per round, in a
/// slot drawn from a hash of (seed, round, user), with their feed generated just before. Pure.
public struct LoopSchedule: Sendable, Hashable {
    /// The end of the world's history: round 0, slot 0.
    public var start: Double
    /// Simulated seconds per round (0 = compressed: every round at the wall clock).
    public var roundSeconds: Double
    /// Reading slots per round.
    public var slots: Int
    /// The seed of the slot draw.
    public var seed: UInt64

    /// A schedule; `slots` is forced to 1 when time is compressed.
    public init(start: Double, roundHours: Double, slots: Int, seed: UInt64) {
        self.start = start
        self.roundSeconds = max(0, roundHours) * 3_600
        self.slots = roundHours > 0 ? max(1, slots) : 1
        self.seed = seed
    }

    /// Whether time is simulated (advances between slots and rounds).
    public var isSimulated: Bool { roundSeconds > 0 }

    /// The start of `slot` of `round`.
    public func time(round: Int, slot: Int) -> Double {
        start + Double(round) * roundSeconds + Double(slot) * roundSeconds / Double(slots)
    }

    /// The slot in which `user` reads in `round`.
    public func slot(of user: UserID, round: Int) -> Int {
        guard slots > 1 else { return 0 }
        let mixed = SplitMix64.finalize(user.rawValue &* 0x9E37_79B9_7F4A_7C15 ^ seed ^ (UInt64(round) &* 0xD1B5_4A32_D192_ED03))
        return Int(mixed % UInt64(slots))
    }
}
