import Foundation

/// New posts of a world after its history, for simulations that run on past its end (the learning
/// loop releases them round after round, so the inventory is renewed as it would be in use).
///
/// Each creator writes a Poisson number of posts over `[from, to)` at their hidden rate
/// (``UserTruth/postsPerDay``), at uniform times; media and topics are drawn as in the history
/// (``PostCorpusBuilder``). Pure and seeded: the same world and interval give the same posts.
public enum PostRelease {
    /// The posts written in `[from, to)`, sorted by time, with ids following the world's last post.
    public static func posts(in world: World, from: Double, to: Double) -> [PostRow] {
        guard to > from else { return [] }
        let days = (to - from) / 86_400
        var drafts: [(time: Double, author: Int64, media: PostRow.Media, topics: [Float])] = []
        var vector = [Double](repeating: 0, count: world.config.topicDimension)
        let interval = UInt64(max(0, from * 1_000).rounded(.down))
        for truth in world.truths where truth.postsPerDay > 0 {
            var random = Xoshiro256StarStar(
                seed: SeedDerivation.derive(world.config.seed, StreamTag.release, interval, UInt64(truth.user)))
            let count = random.poisson(mean: truth.postsPerDay * days)
            guard count > 0 else { continue }
            let content = truth.preference.map { max(0, Double($0)) }
            for _ in 0..<count {
                let time = Rounding.milliseconds(random.uniform(from, to))
                let media = PostCorpusBuilder.drawMedia(affinity: truth.mediaAffinity, using: &random)
                PostCorpusBuilder.drawTopics(into: &vector, content: content, using: &random)
                drafts.append((time, truth.user, media, Rounding.normalized(vector)))
            }
        }
        drafts.sort { $0.time != $1.time ? $0.time < $1.time : $0.author < $1.author }
        let first = Int64(world.posts.count) + 1
        return drafts.enumerated().map { index, draft in
            PostRow(id: first + Int64(index), author: draft.author, createdAt: max(draft.time, from),
                    media: draft.media, topics: draft.topics)
        }
    }
}

extension World {
    /// The world with `rows` added after its posts (ids `posts.count + 1…` in order, created no
    /// earlier than the last post), e.g. from ``PostRelease/posts(in:from:to:)``.
    public func appending(posts rows: [PostRow]) -> World {
        World(config: config, users: users, truths: truths, follows: follows, posts: posts.appending(rows))
    }
}

extension PostTable {
    /// The table with `rows` appended; `rows` must continue the ids and the time order.
    public func appending(_ rows: [PostRow]) -> PostTable {
        guard !rows.isEmpty else { return self }
        var authors = self.authors
        var createdAt = self.createdAt
        var media = self.media
        var topics = self.topics
        for (offset, row) in rows.enumerated() {
            precondition(row.id == Int64(count + offset + 1), "appended posts must continue the ids")
            precondition(row.createdAt >= (createdAt.last ?? -.infinity), "appended posts must continue the time order")
            precondition(row.topics.count == topicDimension, "appended posts must have the table's topic dimension")
            authors.append(Int32(row.author - 1))
            createdAt.append(row.createdAt)
            media.append(row.media)
            topics += row.topics
        }
        let userCount = authorOffsets.count - 1
        var authorOffsets = [Int](repeating: 0, count: userCount + 1)
        for author in authors { authorOffsets[Int(author) + 1] += 1 }
        for index in 1..<authorOffsets.count { authorOffsets[index] += authorOffsets[index - 1] }
        var cursor = authorOffsets
        var authorPosts = [Int32](repeating: 0, count: authors.count)
        for (index, author) in authors.enumerated() {
            authorPosts[cursor[Int(author)]] = Int32(index)
            cursor[Int(author)] += 1
        }
        return PostTable(
            topicDimension: topicDimension, authors: authors, createdAt: createdAt, media: media, topics: topics,
            authorOffsets: authorOffsets, authorPosts: authorPosts)
    }
}

extension PostTable {
    /// The ids of `author`'s posts created in `[from, through]`, oldest first.
    public func ids(by author: Int64, from: Double, through: Double) -> [Int64] {
        guard author >= 1, author < Int64(authorOffsets.count) else { return [] }
        let range = authorPostRange(author: Int(author - 1), from: from, to: through.nextUp)
        return authorPosts[range].map { Int64($0) + 1 }
    }
}
