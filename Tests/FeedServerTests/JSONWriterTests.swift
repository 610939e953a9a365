import Foundation
import Hummingbird
import Testing

@testable import FeedServer

@Suite("Page response JSON writer")
struct JSONWriterTests {
    private func text(_ write: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter(capacity: 8)
        write(&writer)
        return String(buffer: writer.buffer)
    }

    @Test(arguments: [UInt64(0), 7, 10, 99, 1_000, 1_234_567_890_123, UInt64.max])
    func integersAreWrittenInDecimal(_ value: UInt64) {
        #expect(text { $0.integer(value) } == String(value))
    }

    @Test func plainStringsAreCopiedAndQuoted() {
        #expect(text { $0.string("followed") } == #""followed""#)
        #expect(text { $0.string("") } == #""""#)
        #expect(text { $0.string("héllo ✓") } == "\"héllo ✓\"")
    }

    @Test func quotesBackslashesAndControlCharactersAreEscaped() throws {
        let value = "a\"b\\c\nd\u{1}e"
        let json = text { $0.string(value) }
        #expect(json == #""a\"b\\c\u000ad\u0001e""#)
        // And a JSON parser reads the original back.
        let decoded = try JSONDecoder().decode(String.self, from: Data(json.utf8))
        #expect(decoded == value)
    }

    @Test func nonFiniteNumbersAreWrittenAsZero() {
        #expect(text { $0.number(.nan) } == "0")
        #expect(text { $0.number(.infinity) } == "0")
        #expect(text { $0.number(0.25) } == "0.25")
    }
}
