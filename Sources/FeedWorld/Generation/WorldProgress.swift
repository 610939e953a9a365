/// How far generation has come, reported to the caller's progress closure.
public struct WorldProgress: Sendable, Hashable {
    /// The stages of generation, in order.
    public enum Phase: String, Sendable, Hashable, CaseIterable {
        /// Drawing users, the follow graph and the posts in memory (3 steps).
        case world
        /// Writing users, truth, follows and posts (rows).
        case entities
        /// Simulating logins and actions (days).
        case activity
        /// Closing files and writing the manifest (1 step).
        case finishing
    }

    /// The current stage.
    public var phase: Phase
    /// Units done in this stage (steps, rows or days).
    public var completed: Int
    /// Units in this stage.
    public var total: Int

    /// Creates a report.
    public init(phase: Phase, completed: Int, total: Int) {
        self.phase = phase
        self.completed = completed
        self.total = total
    }

    /// `completed / total`, in `[0, 1]`.
    public var fraction: Double {
        total > 0 ? min(1, Double(completed) / Double(total)) : 1
    }
}
