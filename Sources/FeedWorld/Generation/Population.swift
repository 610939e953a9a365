/// The users of a world with their hidden truth and the generator's private per-user facts.
struct Population: Sendable {
    var users: [UserRow]
    var truths: [UserTruth]
    /// Fame rank per user index (0 is the most famous).
    var fameRank: [Int32]
    /// The topic each user likes most.
    var primaryTopic: [Int32]
    /// Relative posting rate per user index (0 for users who never post).
    var postingWeight: [Double]

    var count: Int { users.count }
}
