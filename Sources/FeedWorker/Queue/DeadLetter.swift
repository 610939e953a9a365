import FeedCore

/// A job that failed ``JobQueueConfiguration/maxAttempts`` times, as kept in a dead-letter stream.
public struct DeadLetter: Sendable, Hashable {
    /// The dead-letter entry's own id.
    public var entryID: String
    /// The original job's entry id.
    public var jobID: String
    /// The user.
    public var user: UserID?
    /// The job's priority.
    public var priority: JobPriority
    /// Deliveries before it was given up.
    public var attempts: Int
    /// The last error.
    public var error: String

    /// A dead letter as read from its stream.
    public init(entryID: String, jobID: String, user: UserID?, priority: JobPriority, attempts: Int, error: String) {
        self.entryID = entryID
        self.jobID = jobID
        self.user = user
        self.priority = priority
        self.attempts = attempts
        self.error = error
    }
}
