import FeedCore

/// One entry of the completion log (``JobQueueConfiguration/completionLogMaxLength`` > 0): a job
/// acknowledged, written in the same script as its `XACK`.
public struct JobCompletion: Sendable, Hashable {
    /// The job's entry id.
    public var jobID: String
    /// The user.
    public var user: UserID?
    /// The consumer that acknowledged it.
    public var consumer: String
    /// The priority.
    public var priority: JobPriority

    /// A completion as read from its stream.
    public init(jobID: String, user: UserID?, consumer: String, priority: JobPriority) {
        self.jobID = jobID
        self.user = user
        self.consumer = consumer
        self.priority = priority
    }
}
