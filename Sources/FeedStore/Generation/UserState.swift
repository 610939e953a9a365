import FeedCore
import PrefeedRedis

/// What one generation reads about its user in the first pipeline (see ``FeedGenerator``).
struct UserState: Sendable {
    let user: UserID
    let currentGeneration: GenerationID?
    let lastGeneratedAt: Double?
    /// Followed authors, most recently followed first.
    let follows: [AuthorID]
    let followSet: Set<AuthorID>
    let seen: Set<PostID>
    let hiddenAuthors: Set<AuthorID>
    let blockedAuthors: Set<AuthorID>
    let rejected: Set<PostID>
    let context: RequestContext
    let affinityBytes: [AuthorID: [UInt8]]
    /// The user's topic profile (``TopicProfile``); `.unknown` before their first action on a post with topics.
    let topics: TopicVector
    /// How far back the followed candidates reach: the creation time of the oldest one chosen, or
    /// the timelines' read bound when none was (set by the generator after selection).
    var followedSince: Double
    /// When the current feed was generated; `nil` on a first generation. Followed posts created
    /// after it are new since the last generation.
    var previousGeneratedAt: Double? { currentGeneration == nil ? nil : lastGeneratedAt }

    /// Posts never to propose: seen or rejected.
    let excludedPosts: Set<PostID>
    /// Authors never to propose: hidden or blocked.
    let excludedAuthors: Set<AuthorID>

    /// Parses the replies of ``FeedGenerator``'s state commands, in their order.
    init(user: UserID, replies: [Result<RedisReply, RedisError>], now: Double, selector: CandidateSelector) throws {
        let meta = try replies[0].get().array ?? []
        self.user = user
        currentGeneration = meta.first?.bytes.flatMap(UInt64.init(decimalBytes:)).map(GenerationID.init)
        lastGeneratedAt = meta.count > 1 ? meta[1].double : nil
        follows = try replies[1].get().unsignedMembers.map(AuthorID.init)
        followSet = Set(follows)
        seen = Set(SeenQueue.newest(try replies[2].get(), limit: selector.configuration.seenRead))
        hiddenAuthors = Set(try replies[3].get().unsignedMembers.map(AuthorID.init))
        blockedAuthors = Set(try replies[4].get().unsignedMembers.map(AuthorID.init))
        rejected = Set(try replies[5].get().unsignedMembers.map(PostID.init))
        let profile = try replies[6].get().array ?? []
        let platform = profile.first?.string.flatMap(Platform.init(rawValue:)) ?? .unknown
        let offset = profile.count > 1 ? profile[1].int.map(Int.init) ?? 0 : 0
        context = RequestContext(platform: platform, utcOffsetSeconds: offset)
        var affinity: [AuthorID: [UInt8]] = [:]
        let fields = try replies[7].get().array ?? []
        var index = 0
        while index + 1 < fields.count {
            if let author = fields[index].bytes.flatMap(UInt64.init(decimalBytes:)), let value = fields[index + 1].bytes {
                affinity[AuthorID(author)] = value
            }
            index += 2
        }
        affinityBytes = affinity
        topics = TopicProfile.decode(try replies[8].get())
        excludedPosts = seen.union(rejected)
        excludedAuthors = hiddenAuthors.union(blockedAuthors)
        followedSince = selector.oldestReadable(now: now)
    }

    /// The user's affinity with `author` (empty when none is stored: a real zero).
    func affinity(for author: AuthorID, follows: Bool) -> UserAuthorAffinity {
        if let bytes = affinityBytes[author], let affinity = AffinityCodec.decode(bytes, follows: follows) {
            return affinity
        }
        return UserAuthorAffinity(follows: follows)
    }
}
