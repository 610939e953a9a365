/// Where the generator sends rows: a ``WorldWriter`` (files), or a test's collector.
///
/// Rows arrive file by file: users and truth, then follows (by follower), then posts (by time),
/// then logins and actions interleaved, each in time order.
public protocol WorldRowSink {
    /// Receives one user.
    mutating func write(_ row: UserRow) throws
    /// Receives one follow.
    mutating func write(_ row: FollowRow) throws
    /// Receives one post.
    mutating func write(_ row: PostRow) throws
    /// Receives one action.
    mutating func write(_ row: ActionRow) throws
    /// Receives one login (session start).
    mutating func write(_ row: LoginRow) throws
    /// Receives one user's hidden truth.
    mutating func write(_ truth: UserTruth) throws
}
