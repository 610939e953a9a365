/// Progress of a warm-up pass, reported after each page of users.
public struct WarmupProgress: Sendable, Hashable {
    /// Index entries read so far.
    public var read: Int
    /// Entries in the active-user index when the pass started (an estimate: it changes while
    /// the pass runs).
    public var total: Int
    /// Users scored so far.
    public var scored: Int
    /// Users found due so far.
    public var due: Int

    /// Creates a progress report.
    public init(read: Int, total: Int, scored: Int, due: Int) {
        self.read = read
        self.total = total
        self.scored = scored
        self.due = due
    }
}
