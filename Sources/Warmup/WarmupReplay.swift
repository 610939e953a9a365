/// A replay's figures and, when recording was asked for, every generation it made and every
/// login's outcome (within the window).
public struct WarmupReplay: Sendable, Hashable {
    /// The figures.
    public var result: PolicyResult
    /// Counted generations in time order (empty unless recording was asked for).
    public var generations: [WarmupGeneration]
    /// Counted logins in time order (empty unless recording was asked for).
    public var logins: [LoginOutcome]

    /// Creates a replay record.
    public init(result: PolicyResult, generations: [WarmupGeneration], logins: [LoginOutcome] = []) {
        self.result = result
        self.generations = generations
        self.logins = logins
    }
}
