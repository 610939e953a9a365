/// A generated world held in memory: users with their hidden truth, the follow graph and the
/// posts. The activity (logins and actions) is streamed by ``WorldGenerator`` instead.
///
/// The learning-loop simulation rebuilds it with `WorldGenerator(config:).makeWorld()` (the same
/// config gives the same world as the files) and asks ``actionProbabilities(user:post:at:)`` how a
/// user reacts to a served post.
public struct World: Sendable {
    /// The config it was generated from.
    public let config: WorldConfig
    /// The users, index = id - 1.
    public let users: [UserRow]
    /// The hidden truth of each user, index = id - 1.
    public let truths: [UserTruth]
    /// Who follows whom.
    public let follows: FollowGraph
    /// The posts, sorted by time, index = id - 1.
    public let posts: PostTable

    /// Start of the history, Unix seconds.
    public var startTime: Double { config.startTime }
    /// End of the history, Unix seconds.
    public var endTime: Double { config.endTime }

    /// The hidden truth of `user`, if the id exists.
    public func truth(of user: Int64) -> UserTruth? {
        guard user >= 1, user <= Int64(truths.count) else { return nil }
        return truths[Int(user - 1)]
    }

    /// How `user` would react to `post` shown at `time` under ``GroundTruth``, or `nil` for an
    /// unknown id.
    public func actionProbabilities(user: Int64, post: Int64, at time: Double) -> ActionProbabilities? {
        guard let truth = truth(of: user), let row = posts.row(id: post), let author = self.truth(of: row.author) else {
            return nil
        }
        let exposure = ExposureContext(
            followsAuthor: follows.follows(user, row.author, at: time),
            authorQuality: author.authorQuality, postAgeSeconds: time - row.createdAt)
        return GroundTruth.actionProbabilities(user: truth, post: row, exposure: exposure)
    }
}
