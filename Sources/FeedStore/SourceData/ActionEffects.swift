import FeedCore
import PrefeedRedis

/// The source-data effects of one action, as named steps: the post's and the author's engagement
/// buckets, the user–author affinity, the popular and trending scores, the user's topic profile,
/// and for hide/report the user's rejected posts, hidden authors and the snapshot hide
/// (``ReadPathHideScript``).
///
/// The steps touch keys of several hash tags (user, post, author, global shards), so they cannot
/// be one atomic script on a cluster. Instead the read path records which steps succeeded
/// (``ReadPathActionScript`` keeps the event *pending* with that set until every step has) and a
/// retry of the event applies only the steps not done yet: each effect is applied once even when
/// the first attempt failed half-way. (A command that ran but whose reply was lost with the
/// connection counts as not done: that step may then be applied twice.)
public struct ActionEffects: Sendable {
    /// A set of steps (stored as its raw value in the pending marker).
    public struct Steps: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        public static let postEngagement = Steps(rawValue: 1 << 0)
        public static let authorEngagement = Steps(rawValue: 1 << 1)
        public static let affinity = Steps(rawValue: 1 << 2)
        public static let popular = Steps(rawValue: 1 << 3)
        public static let trending = Steps(rawValue: 1 << 4)
        public static let topics = Steps(rawValue: 1 << 5)
        public static let rejectedPost = Steps(rawValue: 1 << 6)
        public static let hiddenAuthor = Steps(rawValue: 1 << 7)
        public static let snapshotHide = Steps(rawValue: 1 << 8)
    }

    /// One action to apply.
    public struct Action: Sendable {
        public var user: UserID
        public var post: PostID
        public var author: AuthorID
        public var action: ActionType
        /// When it happened (unix seconds): the hour bucket and the decay reference.
        public var time: Double
        /// The post's topics (the topic profile step needs them; none when unknown).
        public var topics: TopicVector
        /// Steps an earlier attempt applied already; they are skipped.
        public var done: Steps

        public init(
            user: UserID, post: PostID, author: AuthorID, action: ActionType, time: Double, topics: TopicVector = .unknown,
            done: Steps = []
        ) {
            self.user = user
            self.post = post
            self.author = author
            self.action = action
            self.time = time
            self.topics = topics
            self.done = done
        }
    }

    /// What applying one action achieved.
    public struct Result: Sendable {
        /// Steps applied, now or earlier.
        public var done: Steps
        /// Whether every step of the action is done.
        public var isComplete: Bool
        /// The first failure of a step not done, if any.
        public var error: RedisError?
    }

    let commands: SourceCommands
    let hide: ReadPathHideScript
    var keys: FeedKeys { commands.keys }

    public init(keys: FeedKeys = FeedKeys()) {
        self.commands = SourceCommands(keys: keys)
        self.hide = ReadPathHideScript(keys: keys)
    }

    /// Every step of `action` with its commands; steps without commands (no topics, no positive
    /// popularity weight, not a negative action) are left out.
    func steps(of action: Action) -> [(step: Steps, commands: [RedisCommand])] {
        guard let code = EngagementBuckets.code(of: action.action), let head = action.action.headIndex else { return [] }
        let config = keys.configuration
        let (user, post, time) = (action.user, action.post, action.time)
        let hour = EngagementBuckets.hour(of: time)
        var steps: [(step: Steps, commands: [RedisCommand])] = [
            (.postEngagement, [commands.bucketIncrement(keys.postEngagement(post), hour: hour, code: code, amount: 1, now: time)]),
            (.authorEngagement,
             [commands.bucketIncrement(keys.authorEngagement(action.author), hour: hour, code: code, amount: 1, now: time)]),
            (.affinity, [SourceScripts.affinityAdd.command(
                keys: [keys.affinity(user)],
                arguments: [action.author.rawValue, head, 1, time, FeatureExtractor.affinityHalfLifeSeconds,
                            config.maxAffinityAuthors, config.userDataTTL])]),
        ]
        let weight = DecayedScore.weight(of: action.action.rawValue)
        if weight > 0 {
            steps.append((.popular, [commands.decayedAdd(
                keys.popularShard(of: post), post: post, weight: weight, at: time, halfLife: config.popularHalfLife)]))
            steps.append((.trending, [commands.decayedAdd(
                keys.trendingShard(of: post), post: post, weight: weight, at: time, halfLife: config.trendingHalfLife)]))
        }
        let topics = TopicProfile.commands(keys: keys, user: user, topics: action.topics, action: action.action)
        if !topics.isEmpty { steps.append((.topics, topics)) }
        if action.action.isNegative {
            steps.append((.rejectedPost, commands.addToCappedSet(
                keys.rejectedPosts(user), member: post.rawValue, score: time, cap: config.maxFilterEntries,
                ttl: config.userDataTTL)))
            steps.append((.hiddenAuthor, commands.addToCappedSet(
                keys.hiddenAuthors(user), member: action.author.rawValue, score: time, cap: config.maxFilterEntries,
                ttl: config.userDataTTL)))
            steps.append((.snapshotHide, [hide.command(user: user, author: action.author)]))
        }
        return steps
    }

    /// Applies the steps not yet done of every action, all in one pipeline.
    /// - Returns: per action, in order, the steps done afterwards and the first failure.
    public func apply(_ actions: [Action], client: RedisClient) async -> [Result] {
        var batch: [RedisCommand] = []
        var plan: [[(step: Steps, range: Range<Int>)]] = []
        for action in actions {
            var planned: [(step: Steps, range: Range<Int>)] = []
            for (step, stepCommands) in steps(of: action) where !action.done.contains(step) {
                planned.append((step, batch.count..<(batch.count + stepCommands.count)))
                batch += stepCommands
            }
            plan.append(planned)
        }
        let replies = batch.isEmpty ? [] : await client.pipeline(batch)
        return zip(actions, plan).map { action, planned in
            var done = action.done
            var error: RedisError?
            for (step, range) in planned {
                let failure = replies[range].lazy.compactMap { reply -> RedisError? in
                    if case .failure(let error) = reply { return error }
                    return nil
                }.first
                if let failure {
                    error = error ?? failure
                } else {
                    done.insert(step)
                }
            }
            return Result(done: done, isComplete: error == nil, error: error)
        }
    }
}
