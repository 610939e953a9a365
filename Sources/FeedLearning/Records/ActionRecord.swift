import FeedCore

/// One thing a user did with a post: what the read path appends to the actions stream.
///
/// `clientEventID` is unique per client event, so a retried upload is recognised as a duplicate.
/// `requestID` is the page the client saw the post on, when the client sent it back; without it
/// the join attributes the action to the user's most recent impression of the post.
public struct ActionRecord: Hashable, Sendable, Codable {
    /// The user who acted.
    public var user: UserID
    /// The post acted on.
    public var post: PostID
    /// What they did; `dwell` carries `dwellMillis`.
    public var action: ActionType
    /// The client's id of this event (deduplication key).
    public var clientEventID: String
    /// The page the post was shown on, if the client knows it.
    public var requestID: RequestID?
    /// When the user acted, Unix milliseconds (client time as received).
    public var time: Int64
    /// Time spent on the post for a `dwell` action, milliseconds; ignored otherwise.
    public var dwellMillis: Int64

    /// An action at `time` (Unix milliseconds).
    public init(
        user: UserID, post: PostID, action: ActionType, clientEventID: String, requestID: RequestID? = nil,
        time: Int64, dwellMillis: Int64 = 0
    ) {
        self.user = user
        self.post = post
        self.action = action
        self.clientEventID = clientEventID
        self.requestID = requestID
        self.time = time
        self.dwellMillis = dwellMillis
    }
}
