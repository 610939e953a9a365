/// What ``JobQueue/enqueue(_:priority:reason:)`` did for one user.
public enum EnqueueOutcome: Sendable, Hashable {
    /// A new job was added; its stream entry id.
    case queued(id: String)
    /// The user was queued at a lower priority only; a job at this priority was added too and the
    /// marker now holds the higher priority. The lower job still runs later (one extra generation
    /// at most): jobs are never withdrawn.
    case upgraded(id: String)
    /// The user is already queued at this priority or a higher one: nothing added.
    case alreadyQueued

    /// The new entry's id, if one was added.
    public var entryID: String? {
        switch self {
        case .queued(let id), .upgraded(let id): return id
        case .alreadyQueued: return nil
        }
    }
}
