import FeedWorld
import Foundation
import Testing

@Suite("Row round trips")
struct RowRoundTripTests {
    private func roundTrip<Row: LoadRow>(_ rows: [Row], format: LoadFileFormat, options: RowParseOptions = RowParseOptions()) throws -> [Row] {
        var buffer: [UInt8] = []
        if format == .csv {
            buffer.append(contentsOf: Array(Row.csvHeader.utf8))
            buffer.append(0x0A)
        }
        for row in rows { row.appendLine(to: &buffer, format: format) }
        var lines = buffer.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        #expect(lines.last == [])
        lines.removeLast()
        var parser = RowParser<Row>(format: format, options: options)
        if format == .csv { try parser.readCSVHeader(String(decoding: lines.removeFirst(), as: UTF8.self)) }
        return try lines.map { try parser.parse($0) }
    }

    @Test("generated rows survive JSONL and CSV exactly", arguments: LoadFileFormat.allCases)
    func generatedRows(format: LoadFileFormat) throws {
        let rows = SampleWorld.shared.rows
        let options = RowParseOptions(topicDimension: SampleWorld.config.topicDimension)
        #expect(try roundTrip(rows.users, format: format) == rows.users)
        #expect(try roundTrip(rows.follows, format: format) == rows.follows)
        #expect(try roundTrip(rows.posts, format: format, options: options) == rows.posts)
        #expect(try roundTrip(Array(rows.actions.prefix(20_000)), format: format) == Array(rows.actions.prefix(20_000)))
        #expect(try roundTrip(Array(rows.logins.prefix(20_000)), format: format) == Array(rows.logins.prefix(20_000)))
    }

    @Test("edge values survive: extreme ids, odd times, arbitrary floats", arguments: LoadFileFormat.allCases)
    func edgeValues(format: LoadFileFormat) throws {
        let users = [
            UserRow(id: 0, createdAt: 0, platform: .web),
            UserRow(id: Int64.max, createdAt: -1.5, platform: .android),
            UserRow(id: 12, createdAt: 1_767_225_600.123_456_7, platform: .ios),
            UserRow(id: 13, createdAt: 1e-300, platform: .ios),
            UserRow(id: 14, createdAt: 1.797_693_134_862_315_7e308, platform: .ios),
            UserRow(id: 15, createdAt: 0.1 + 0.2, platform: .ios),
        ]
        #expect(try roundTrip(users, format: format) == users)
        var random = Xoshiro256StarStar(seed: 3)
        var posts: [PostRow] = []
        for id in 0..<2_000 {
            var topics = (0..<16).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: random.next()) & 0x3FFF_FFFF) }
            if id % 3 == 0 { topics = (0..<16).map { _ in Float(Double(random.next() % 1_000_000) / 1e6) } }
            posts.append(PostRow(id: Int64(id), author: Int64(random.next() >> 1), createdAt: Double(bitPattern: random.next() >> 2),
                                 media: PostRow.Media.allCases[id % 4], topics: topics))
        }
        let lenient = RowParseOptions(normalizationTolerance: nil)
        #expect(try roundTrip(posts, format: format, options: lenient) == posts)
    }

    @Test("JSONL lines agree with Codable")
    func agreesWithCodable() throws {
        let action = ActionRow(user: 3, post: 9, action: .share, at: 1_767_225_600.25)
        let decoded = try JSONDecoder().decode(ActionRow.self, from: Data(action.jsonLine.utf8))
        #expect(decoded == action)
        let post = PostRow(id: 1, author: 2, createdAt: 3.5, media: .video, topics: [0.6, 0.8])
        let encoded = try JSONEncoder().encode(post)
        #expect(try RowParser<PostRow>(format: .jsonl).parse(Array(encoded)) == post)
        #expect(try JSONDecoder().decode(PostRow.self, from: Data(post.jsonLine.utf8)) == post)
        let user = UserRow(id: 4, createdAt: 10, platform: .android)
        #expect(String(decoding: try JSONEncoder().encode(user), as: UTF8.self).contains("\"created_at\""))
    }

    @Test("the canonical lines look as documented")
    func canonicalText() {
        #expect(UserRow(id: 1, createdAt: 1_767_225_600.5, platform: .ios).jsonLine == #"{"id":1,"created_at":1767225600.5,"platform":"ios"}"#)
        #expect(FollowRow(follower: 1, followee: 2, createdAt: 7).csvLine == "1,2,7.0")
        #expect(PostRow(id: 7, author: 2, createdAt: 1, media: .image, topics: [0.6, 0.8, 0]).csvLine == "7,2,1.0,image,0.6;0.8;0")
        #expect(ActionRow(user: 1, post: 7, action: .like, at: 2).jsonLine == #"{"user":1,"post":7,"action":"like","at":2.0}"#)
        #expect(LoginRow(user: 5, at: 3.25).csvLine == "5,3.25")
        #expect(ActionRow.csvHeader == "user,post,action,at")
        #expect(PostRow.fieldNames == ["id", "author", "created_at", "media", "topics"])
    }

    @Test("truth lines decode with JSONDecoder to the same truth")
    func truthRoundTrip() throws {
        for truth in SampleWorld.shared.rows.truths.prefix(500) {
            var buffer: [UInt8] = []
            truth.appendJSONLine(to: &buffer)
            #expect(buffer.last == 0x0A)
            let decoded = try JSONDecoder().decode(UserTruth.self, from: Data(buffer.dropLast()))
            #expect(decoded == truth)
        }
    }
}
