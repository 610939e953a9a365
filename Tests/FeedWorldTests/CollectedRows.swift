import FeedWorld

/// A sink that keeps every generated row in memory.
struct CollectedRows: WorldRowSink, Equatable, Sendable {
    var users: [UserRow] = []
    var follows: [FollowRow] = []
    var posts: [PostRow] = []
    var actions: [ActionRow] = []
    var logins: [LoginRow] = []
    var truths: [UserTruth] = []

    mutating func write(_ row: UserRow) throws { users.append(row) }
    mutating func write(_ row: FollowRow) throws { follows.append(row) }
    mutating func write(_ row: PostRow) throws { posts.append(row) }
    mutating func write(_ row: ActionRow) throws { actions.append(row) }
    mutating func write(_ row: LoginRow) throws { logins.append(row) }
    mutating func write(_ truth: UserTruth) throws { truths.append(truth) }
}

/// A small world shared by the statistical tests: generated once.
struct SampleWorld: Sendable {
    let world: World
    let rows: CollectedRows
    let counts: WorldCounts

    static let config = WorldConfig(seed: 7, users: 3_000, posts: 30_000, days: 21)

    static func generate(_ config: WorldConfig) throws -> SampleWorld {
        let generator = try WorldGenerator(config: config)
        var rows = CollectedRows()
        let counts = try generator.generate(into: &rows)
        return SampleWorld(world: generator.makeWorld(), rows: rows, counts: counts)
    }

    static let shared: SampleWorld = try! generate(config)
}
