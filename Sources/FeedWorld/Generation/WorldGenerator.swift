/// Generates a synthetic social world from a ``WorldConfig``: pure, seeded and deterministic.
///
/// - ``makeWorld(progress:)`` draws the users (with hidden truth), the follow graph and the posts
///   and keeps them in memory (about 100 bytes per post and 12 per follow).
/// - ``simulateActivity(in:into:progress:)`` streams the logins and actions of the history to a
///   sink in time order, holding only about two days of rows at a time.
/// - ``generate(into:progress:)`` does both and sends every row to the sink.
///
/// The same config always yields the same rows (on the same platform: the generator uses
/// `log`/`exp`/`cos` from the C library).
public struct WorldGenerator: Sendable {
    /// The validated config.
    public let config: WorldConfig

    /// Creates a generator; throws when a knob is out of range.
    public init(config: WorldConfig) throws(WorldConfigError) {
        try config.validate()
        self.config = config
    }

    /// Draws users, truth, follows and posts.
    public func makeWorld(progress: (WorldProgress) -> Void = { _ in }) -> World {
        progress(WorldProgress(phase: .world, completed: 0, total: 3))
        let population = PopulationBuilder(config: config).build()
        progress(WorldProgress(phase: .world, completed: 1, total: 3))
        let follows = FollowGraphBuilder(config: config, population: population).build()
        progress(WorldProgress(phase: .world, completed: 2, total: 3))
        let posts = PostCorpusBuilder(config: config, population: population).build()
        progress(WorldProgress(phase: .world, completed: 3, total: 3))
        return World(config: config, users: population.users, truths: population.truths, follows: follows, posts: posts)
    }

    /// Sends the users, their truth, the follows and the posts of `world` to `sink`.
    public func writeEntities(
        of world: World, into sink: inout some WorldRowSink, progress: (WorldProgress) -> Void = { _ in }
    ) throws -> WorldCounts {
        var counts = WorldCounts()
        let graph = world.follows
        let total = world.users.count + graph.edgeCount + world.posts.count
        let step = max(1, total / 50)
        var written = 0
        func advance() {
            written += 1
            if written % step == 0 { progress(WorldProgress(phase: .entities, completed: written, total: total)) }
        }
        progress(WorldProgress(phase: .entities, completed: 0, total: total))
        for (user, truth) in zip(world.users, world.truths) {
            try sink.write(user)
            try sink.write(truth)
            advance()
        }
        counts.users = world.users.count
        for follower in 0..<graph.userCount {
            for edge in graph.offsets[follower]..<graph.offsets[follower + 1] {
                try sink.write(FollowRow(
                    follower: Int64(follower) + 1, followee: Int64(graph.followees[edge]) + 1, createdAt: graph.createdAt[edge]))
                advance()
            }
        }
        counts.follows = graph.edgeCount
        for index in 0..<world.posts.count {
            try sink.write(world.posts.row(at: index))
            advance()
        }
        progress(WorldProgress(phase: .entities, completed: total, total: total))
        counts.posts = world.posts.count
        return counts
    }

    /// Simulates the history of `world` and sends its logins and actions to `sink`, in time order.
    public func simulateActivity(
        in world: World, into sink: inout some WorldRowSink, progress: (WorldProgress) -> Void = { _ in }
    ) throws -> WorldCounts {
        let activity = try ActivitySimulator(config: config, world: world).run(into: &sink, progress: progress)
        var counts = WorldCounts()
        counts.logins = activity.logins
        for action in ActionRow.Action.allCases {
            counts.actionsByType[action.rawValue] = activity.actionsByType[action.index]
        }
        counts.actions = activity.actionsByType.reduce(0, +)
        return counts
    }

    /// Generates the whole world into `sink` and returns the row counts.
    public func generate(
        into sink: inout some WorldRowSink, progress: (WorldProgress) -> Void = { _ in }
    ) throws -> WorldCounts {
        let world = makeWorld(progress: progress)
        var counts = try writeEntities(of: world, into: &sink, progress: progress)
        let activity = try simulateActivity(in: world, into: &sink, progress: progress)
        counts.logins = activity.logins
        counts.actions = activity.actions
        counts.actionsByType = activity.actionsByType
        return counts
    }
}
