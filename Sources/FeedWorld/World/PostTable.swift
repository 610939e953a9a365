/// All posts of a world in columns, sorted by creation time (post id = index + 1).
public struct PostTable: Sendable {
    /// Components per topic vector.
    public let topicDimension: Int
    /// Author user index per post.
    let authors: [Int32]
    /// Creation time per post, ascending.
    let createdAt: [Double]
    /// Media per post.
    let media: [PostRow.Media]
    /// Topic vectors, `topicDimension` floats per post.
    let topics: [Float]
    /// `authorPosts[authorOffsets[a]..<authorOffsets[a+1]]` are author `a`'s post indices, by time.
    let authorOffsets: [Int]
    let authorPosts: [Int32]

    /// Number of posts.
    public var count: Int { authors.count }

    /// The post at `index` (`0..<count`) as a row.
    public func row(at index: Int) -> PostRow {
        let start = index * topicDimension
        return PostRow(
            id: Int64(index) + 1, author: Int64(authors[index]) + 1, createdAt: createdAt[index],
            media: media[index], topics: Array(topics[start..<(start + topicDimension)]))
    }

    /// The post with id `id`, if any.
    public func row(id: Int64) -> PostRow? {
        guard id >= 1, id <= Int64(count) else { return nil }
        return row(at: Int(id - 1))
    }

    /// The ids of the posts by `author`, oldest first.
    public func posts(by author: Int64) -> [Int64] {
        guard author >= 1, author < Int64(authorOffsets.count) else { return [] }
        let index = Int(author - 1)
        return authorPosts[authorOffsets[index]..<authorOffsets[index + 1]].map { Int64($0) + 1 }
    }

    /// The first post index created at or after `time` (`count` if none).
    func firstIndex(createdAtOrAfter time: Double) -> Int {
        var low = 0
        var high = createdAt.count
        while low < high {
            let middle = (low + high) / 2
            if createdAt[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The range within `authorPosts` of `author`'s posts created in `[from, to)`.
    func authorPostRange(author: Int, from: Double, to: Double) -> Range<Int> {
        let start = authorOffsets[author]
        let end = authorOffsets[author + 1]
        return lowerBound(in: start..<end, time: from)..<lowerBound(in: start..<end, time: to)
    }

    private func lowerBound(in range: Range<Int>, time: Double) -> Int {
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if createdAt[Int(authorPosts[middle])] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
