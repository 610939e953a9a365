/// Who follows whom, stored compactly (compressed sparse rows by follower, followees sorted).
///
/// User ids are `index + 1`.
public struct FollowGraph: Sendable {
    /// `followees[offsets[i]..<offsets[i+1]]` are the user indices user `i` follows, ascending.
    let offsets: [Int]
    let followees: [Int32]
    /// When each follow was made, parallel to `followees`.
    let createdAt: [Double]
    /// Number of followers per user index.
    let followerCounts: [Int32]

    /// Number of users.
    public var userCount: Int { offsets.count - 1 }
    /// Number of follow edges.
    public var edgeCount: Int { followees.count }

    /// The ids `user` follows, ascending (empty for an unknown id).
    public func followees(of user: Int64) -> [Int64] {
        guard let index = userIndex(user) else { return [] }
        return followees[offsets[index]..<offsets[index + 1]].map { Int64($0) + 1 }
    }

    /// How many users follow `user`.
    public func followerCount(of user: Int64) -> Int {
        guard let index = userIndex(user) else { return 0 }
        return Int(followerCounts[index])
    }

    /// Whether `follower` follows `followee` at `time` (by default, at any time).
    public func follows(_ follower: Int64, _ followee: Int64, at time: Double = .infinity) -> Bool {
        guard let from = userIndex(follower), let to = userIndex(followee) else { return false }
        return follows(followerIndex: from, followeeIndex: Int32(to), at: time)
    }

    /// The follow rows of `follower`.
    public func rows(of follower: Int64) -> [FollowRow] {
        guard let index = userIndex(follower) else { return [] }
        return (offsets[index]..<offsets[index + 1]).map {
            FollowRow(follower: follower, followee: Int64(followees[$0]) + 1, createdAt: createdAt[$0])
        }
    }

    func follows(followerIndex: Int, followeeIndex: Int32, at time: Double) -> Bool {
        var low = offsets[followerIndex]
        var high = offsets[followerIndex + 1]
        while low < high {
            let middle = (low + high) / 2
            if followees[middle] < followeeIndex { low = middle + 1 } else { high = middle }
        }
        return low < offsets[followerIndex + 1] && followees[low] == followeeIndex && createdAt[low] <= time
    }

    private func userIndex(_ user: Int64) -> Int? {
        guard user >= 1, user <= Int64(userCount) else { return nil }
        return Int(user - 1)
    }
}
