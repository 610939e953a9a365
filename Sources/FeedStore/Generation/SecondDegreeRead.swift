import FeedCore
import PrefeedRedis

/// The follow graph's second degree, read in the generator's timeline pipeline (no extra round
/// trip) when engagement is thin: whom a user's followees follow. The selector then takes the
/// popularity prior's posts by those authors first (``CandidateSelector``), so a reader's
/// fallback comes from their own corner of the graph before the global most-followed.
///
/// Read only when the shared popular and trending lists cannot fill a feed (a new world, a quiet
/// hour), and only for users who follow someone: at most ``GeneratorConfiguration/secondDegreeFollowees``
/// `ZREVRANGE` commands per user, each of ``GeneratorConfiguration/secondDegreeFollowsRead`` members.
struct SecondDegreeRead: Sendable {
    /// The commands, to append to the timeline pipeline.
    private(set) var commands: [RedisCommand] = []
    /// The batch index of the user each command reads for.
    private var owners: [Int] = []
    private let users: Int

    /// The reads for `states` (one per batch user; `nil` = failed) when `engagementIsThin`.
    init(states: [UserState?], engagementIsThin: Bool, keys: FeedKeys, configuration: GeneratorConfiguration) {
        users = states.count
        guard engagementIsThin, configuration.secondDegreeFollowees > 0 else { return }
        for (index, state) in states.enumerated() {
            guard let state else { continue }
            for followee in state.follows.prefix(configuration.secondDegreeFollowees) {
                commands.append(RedisCommand(
                    "ZREVRANGE", keys.follows(UserID(followee.rawValue)), 0, configuration.secondDegreeFollowsRead - 1))
                owners.append(index)
            }
        }
    }

    /// Each user's second-degree authors from the replies of ``commands`` (in order); a failed
    /// reply only loses that followee's follows (the second degree is a preference, not data).
    func authors(from replies: some Collection<Result<RedisReply, RedisError>>) -> [Set<AuthorID>] {
        var authors = Array(repeating: Set<AuthorID>(), count: users)
        for (owner, reply) in zip(owners, replies) {
            guard case .success(let value) = reply else { continue }
            for member in value.unsignedMembers { authors[owner].insert(AuthorID(member)) }
        }
        return authors
    }
}
