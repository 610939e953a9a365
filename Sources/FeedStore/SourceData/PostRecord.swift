import FeedCore
import PrefeedRedis

/// The stored form of a post: HASH `a` author, `t` created-at (unix s), `m` media type name,
/// `v` topic weights as packed little-endian Float32 (absent when unknown).
public enum PostRecord {
    /// `HSET` arguments (after the key) for a post.
    static func fields(of post: Post) -> [any RedisArgument] {
        var fields: [any RedisArgument] = [
            "a", post.author.rawValue, "t", post.createdAt, "m", post.mediaType.rawValue,
        ]
        if !post.topics.weights.isEmpty {
            fields.append("v")
            fields.append(FeatureVectorEncoding.encode(post.topics.weights))
        }
        return fields
    }

    /// The post in a `HGETALL` reply, or `nil` when the hash is missing or malformed.
    public static func decode(id: PostID, reply: RedisReply) -> Post? {
        let fields = reply.hashFields
        guard let author = fields["a"].flatMap(UInt64.init(decimalBytes:)),
            let created = fields["t"].flatMap({ Double(String(decoding: $0, as: UTF8.self)) }),
            let media = fields["m"].flatMap({ MediaType(rawValue: String(decoding: $0, as: UTF8.self)) })
        else { return nil }
        let topics = fields["v"].flatMap(FeatureVectorEncoding.decode).map(TopicVector.init) ?? .unknown
        return Post(id: id, author: AuthorID(author), createdAt: created, mediaType: media, topics: topics)
    }
}
