/// One input of the join, in stream order.
public enum JoinEvent: Hashable, Sendable, Codable {
    /// A served page.
    case impression(ImpressionRecord)
    /// A user action.
    case action(ActionRecord)
    /// The promise that no impression or action before this time (Unix ms) is still to come.
    case watermark(Int64)
}
