import FeedCore

/// Who is calling: the user a token was issued to, and what it may do beyond reading that user's feed.
public struct Principal: Sendable, Hashable {
    /// The authenticated user.
    public var user: UserID
    /// Whether the caller may push source data (posts, deletions, follows of any user).
    public var canIngest: Bool

    public init(user: UserID, canIngest: Bool) {
        self.user = user
        self.canIngest = canIngest
    }

    /// Throws 403 unless the caller is `user` (or an ingest service).
    func requireAccess(to user: UserID) throws(APIError) {
        guard user == self.user || canIngest else { throw .forbidden("A user may only access their own data.") }
    }

    /// Throws 403 unless the caller may ingest source data.
    func requireIngest() throws(APIError) {
        guard canIngest else { throw .forbidden("This endpoint needs a token with the `ingest` scope.") }
    }
}
