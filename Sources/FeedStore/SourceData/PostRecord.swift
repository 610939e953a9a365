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
    ///
    /// Reads the field/value pairs in place (no dictionary, no string per field): the generator
    /// decodes every candidate post it does not hold, hundreds per batch.
    public static func decode(id: PostID, reply: RedisReply) -> Post? {
        guard case .array(let elements) = reply else { return nil }
        var author: UInt64?
        var created: Double?
        var media: MediaType?
        var topics: TopicVector = .unknown
        var index = 0
        while index + 1 < elements.count {
            defer { index += 2 }
            guard case .bulk(let name) = elements[index], name.count == 1, case .bulk(let value) = elements[index + 1]
            else { continue }
            switch name[0] {
            case UInt8(ascii: "a"): author = UInt64(decimalBytes: value)
            case UInt8(ascii: "t"): created = Double(String(decoding: value, as: UTF8.self))
            case UInt8(ascii: "m"): media = MediaType(rawValue: String(decoding: value, as: UTF8.self))
            case UInt8(ascii: "v"): topics = FeatureVectorEncoding.decode(value).map(TopicVector.init) ?? .unknown
            default: break
            }
        }
        guard let author, let created, let media else { return nil }
        return Post(id: id, author: AuthorID(author), createdAt: created, mediaType: media, topics: topics)
    }
}
