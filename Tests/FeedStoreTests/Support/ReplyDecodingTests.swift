import FeedCore
@testable import FeedStore
import PrefeedRedis
import Testing

@Suite("Reply decoding")
struct ReplyDecodingTests {
    @Test func commaSeparatedDecimalsParseInOnePass() {
        #expect(UInt64.commaSeparated(Array("12,7,90".utf8)) == [12, 7, 90])
        #expect(UInt64.commaSeparated(Array("0".utf8)) == [0])
        #expect(UInt64.commaSeparated(Array("18446744073709551615,1".utf8)) == [UInt64.max, 1])
        #expect(UInt64.commaSeparated([]) == [])
    }

    @Test(arguments: ["1,,2", "1,", ",1", "1,2.0", "-3", "18446744073709551616", "1, 2"])
    func malformedListsAreRejected(text: String) {
        #expect(UInt64.commaSeparated(Array(text.utf8)) == nil)
    }

    @Test func pageReplyWithMismatchedListsIsAnError() {
        let reply = RedisReply.array([
            .integer(1), .bulk(Array("42".utf8)), .bulk(Array("m1".utf8)), .integer(0), .bulk(Array("1-0".utf8)),
            .bulk(Array("1700000000".utf8)), .integer(3), .bulk([]), .bulk(Array("5,6".utf8)), .bulk(Array("3".utf8)),
            .bulk([]),
        ])
        #expect(throws: RedisError.self) { try FeedPageScript.parse(reply) }
    }

    @Test func aTruncatedPageReplyIsAnError() {
        let reply = RedisReply.array([
            .integer(1), .bulk(Array("42".utf8)), .bulk(Array("m1".utf8)), .integer(0), .bulk(Array("1-0".utf8)),
            .bulk(Array("1700000000".utf8)), .integer(3), .bulk([]), .bulk(Array("5,6".utf8)),
        ])
        #expect(throws: RedisError.self) { try FeedPageScript.parse(reply) }
    }

    @Test func pageReplyCarriesItemsAndPositions() throws {
        let reply = RedisReply.array([
            .integer(1), .bulk(Array("42".utf8)), .bulk(Array("m1".utf8)), .integer(1), .bulk(Array("1-0".utf8)),
            .bulk(Array("1700000000".utf8)), .integer(3), .bulk([]), .bulk(Array("5,6".utf8)), .bulk(Array("3,4".utf8)),
            .bulk([]),
        ])
        let page = try FeedPageScript.parse(reply)
        #expect(page.found)
        #expect(page.generation == GenerationID(42))
        #expect(page.restarted)
        #expect(page.items.map(\.post) == [PostID(5), PostID(6)])
        #expect(page.items.map(\.position) == [3, 4])
        #expect(page.items.allSatisfy { $0.record == nil })
    }

    @Test func pageRecordsAndTheirAuthorsDecodePerItem() throws {
        let items = [
            RankedItem(post: PostID(5), author: AuthorID(900), mediaType: .video, position: 3, score: 1, rawScore: 0.5,
                       reason: .trending),
            RankedItem(post: PostID(6), author: AuthorID(UInt64.max), mediaType: .text, position: 4, score: 1, rawScore: 2,
                       reason: .followedNew, isExplorationSlot: true),
        ]
        let encoded = PageRecordFormat.encode(items)
        let records = Array(encoded[16..<(16 + 12)])
        var authors: [UInt8] = []
        for author in [UInt64(900), UInt64.max] { withUnsafeBytes(of: author.littleEndian) { authors += $0 } }
        let reply = RedisReply.array([
            .integer(1), .bulk(Array("42".utf8)), .bulk(Array("m1".utf8)), .integer(0), .bulk(Array("1-0".utf8)),
            .bulk(Array("1700000000".utf8)), .integer(3), .bulk(records), .bulk(Array("5,6".utf8)), .bulk(Array("3,4".utf8)),
            .bulk(authors),
        ])
        let page = try FeedPageScript.parse(reply)
        #expect(page.items.map { $0.record?.author } == [AuthorID(900), AuthorID(UInt64.max)])
        #expect(page.items.map { $0.record?.reason } == [.trending, .followedNew])
        #expect(page.items.map { $0.record?.mediaType } == [.video, .text])
        #expect(page.items.map { $0.record?.score } == [0.5, 2])
        #expect(page.items.map { $0.record?.isExplorationSlot } == [false, true])
    }
}
