import Foundation

/// The knobs of `prefeed simulate loop` (``LearningLoop``). The defaults run in a few minutes on
/// two cores.
public struct LoopConfiguration: Sendable, Hashable {
    /// Users of the generated world.
    public var users = 2_000
    /// Posts of the generated world.
    public var posts = 20_000
    /// Days of generated history (source data, engagement, affinities) before the loop starts.
    public var days = 14
    /// Seed of the world and of the simulated reactions.
    public var seed: UInt64 = 42
    /// Rounds after round 0 (round 0 ranks with the baseline; each later one with the model trained
    /// on every earlier round).
    public var rounds = 4
    /// Simulated hours per round: the loop's clock (read by the read path, the worker and the
    /// simulated users) advances by this much per round, new posts are released meanwhile, and
    /// each user reads once per round. 0 = the old compressed mode: every round at the wall clock,
    /// no new posts (time barely moves during a run).
    public var roundHours = 24.0
    /// Reading slots per round (simulated time): each user reads in one slot per round, drawn by
    /// a hash, with their feed generated at the slot's start.
    public var slotsPerRound = 24
    /// Release the posts the world's creators write as simulated time advances (through
    /// `POST /v1/posts`, at each creator's hidden posting rate).
    public var releasePosts = true
    /// Pages each user reads per round.
    public var pagesPerRound = 3
    /// Items per page.
    public var pageSize = 10
    /// Share of users (by a hash of their id) ranked by the baseline in every round: a same-round
    /// control for the learned model. 0 disables it.
    public var controlShare = 0.2
    /// Negative downsampling rate of the join (all-negative rows kept at this rate, weight 1/rate).
    public var negativeSamplingRate = 0.3
    /// Train on the rows of the last this many rounds only (0 = every round so far).
    public var trainingWindow = 0
    /// Run the product's impression counter (`prefeed count-impressions`) after each reading slot,
    /// so engagement rates have their denominators.
    public var countImpressions = true
    /// L2 strength of the trainer.
    public var l2 = 1e-3
    /// Simulated users reading at the same time.
    public var concurrency = 8
    /// Worker loops generating feeds.
    public var workerConcurrency = 2
    /// Quantile bins of the calibration data.
    public var calibrationBins = 10
    /// Where per-round metrics, calibration data, predictions and models are written.
    public var outputDirectory = "var/loop"

    /// The defaults.
    public init() {}

    /// Checks every knob; the message names the first bad one.
    public func validate() throws(LoopError) {
        func check(_ ok: Bool, _ message: String) throws(LoopError) { if !ok { throw LoopError(message) } }
        try check(users >= 10, "users must be at least 10")
        try check(posts >= 100, "posts must be at least 100")
        try check(days >= 1, "days must be at least 1")
        try check(rounds >= 1, "rounds must be at least 1")
        try check(pagesPerRound >= 1 && pageSize >= 1 && pageSize <= 100, "pages ≥ 1 and page size in 1...100")
        try check(controlShare >= 0 && controlShare < 1, "control share must be in [0, 1)")
        try check(negativeSamplingRate > 0 && negativeSamplingRate <= 1, "negative sampling rate must be in (0, 1]")
        try check(concurrency >= 1 && workerConcurrency >= 1, "concurrency must be at least 1")
        try check(trainingWindow >= 0, "training window must not be negative")
        try check(calibrationBins >= 2, "calibration bins must be at least 2")
        try check(roundHours >= 0 && roundHours <= 24 * 30, "round hours must be in 0...720")
        try check(slotsPerRound >= 1 && slotsPerRound <= 24 * 30, "slots per round must be in 1...720")
    }
}

/// Why the loop cannot run or stopped.
public struct LoopError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
