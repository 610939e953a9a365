import FeedCore
import FeedStore
import PrefeedRedis

/// `count` readers (ids from 1001) following 5 of 40 authors each, 8 recent posts per author.
func loadSmallWorld(client: RedisClient, keys: FeedKeys = FeedKeys(), now: Double, readers count: Int) async throws -> [UserID] {
    let writer = SourceDataWriter(client: client, keys: keys, logger: quietLogger)
    let authors = (1...40).map { AuthorID(UInt64($0)) }
    let readers = (1_001...(1_000 + count)).map { UserID(UInt64($0)) }
    for author in authors {
        try await writer.putUser(author.user, createdAt: now - 90 * 86_400, platform: .web)
        for index in 0..<8 {
            let post = Post(id: PostID(author.rawValue * 100 + UInt64(index)), author: author,
                            createdAt: now - Double(index) * 3_600, mediaType: index % 2 == 0 ? .text : .image)
            try await writer.putPost(post, now: now)
        }
    }
    for (index, reader) in readers.enumerated() {
        try await writer.putUser(reader, createdAt: now - 30 * 86_400, platform: .ios)
        for step in 0..<5 {
            _ = try await writer.follow(reader, author: authors[(index * 7 + step * 3) % authors.count], at: now - 86_400)
        }
    }
    return readers
}
