/// How many rows of each kind a world has.
public struct WorldCounts: Codable, Sendable, Hashable {
    /// Rows of `users`.
    public var users = 0
    /// Rows of `follows`.
    public var follows = 0
    /// Rows of `posts`.
    public var posts = 0
    /// Rows of `logins`.
    public var logins = 0
    /// Actions of every type.
    public var actions = 0
    /// Actions per type, keyed by ``ActionRow/Action`` raw value.
    public var actionsByType: [String: Int] = [:]

    /// Creates counts; all zero by default.
    public init(users: Int = 0, follows: Int = 0, posts: Int = 0, logins: Int = 0, actions: Int = 0, actionsByType: [String: Int] = [:]) {
        self.users = users
        self.follows = follows
        self.posts = posts
        self.logins = logins
        self.actions = actions
        self.actionsByType = actionsByType
    }

    enum CodingKeys: String, CodingKey {
        case users
        case follows
        case posts
        case logins
        case actions
        case actionsByType = "actions_by_type"
    }

    /// The number of rows of `file`.
    public func rows(of file: LoadFile) -> Int {
        switch file {
        case .users: users
        case .follows: follows
        case .posts: posts
        case .actions: actions
        case .logins: logins
        }
    }
}
