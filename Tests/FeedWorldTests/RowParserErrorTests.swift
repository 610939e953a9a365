import FeedWorld
import Testing

@Suite("Row parser errors")
struct RowParserErrorTests {
    private func jsonError<Row: LoadRow>(_ line: String, as type: Row.Type, options: RowParseOptions = RowParseOptions()) -> RowParseError? {
        do {
            _ = try RowParser<Row>(format: .jsonl, options: options).parse(line)
            return nil
        } catch {
            return error
        }
    }

    private func csvError<Row: LoadRow>(_ line: String, as type: Row.Type, header: String? = nil) -> RowParseError? {
        do {
            var parser = RowParser<Row>(format: .csv)
            if let header { try parser.readCSVHeader(header) }
            _ = try parser.parse(line)
            return nil
        } catch {
            return error
        }
    }

    @Test("a missing field is named")
    func missingField() {
        let error = jsonError(#"{"user":1,"post":2,"action":"like"}"#, as: ActionRow.self)
        #expect(error?.reason == .missingField("at"))
        #expect(error?.description == #"missing field "at""#)
        #expect(csvError("1,2,like,", as: ActionRow.self)?.reason == .missingField("at"))
    }

    @Test("an unknown action is rejected with the allowed values")
    func badAction() {
        let error = jsonError(#"{"user":1,"post":2,"action":"love","at":3}"#, as: ActionRow.self)
        #expect(error?.reason == .unknownValue(field: "action", value: "love", allowed: ["click", "like", "comment", "share", "hide", "report"]))
        #expect(error?.description.contains("unknown value \"love\"") == true)
        #expect(csvError("1,2,LIKE,3", as: ActionRow.self)?.reason
            == .unknownValue(field: "action", value: "LIKE", allowed: ActionRow.Action.allCases.map(\.rawValue)))
        #expect(jsonError(#"{"id":1,"created_at":2,"platform":"windows"}"#, as: UserRow.self) != nil)
    }

    @Test("bad numbers: garbage, non-finite, non-integer ids, out of range, leading zeros")
    func badNumbers() {
        #expect(jsonError(#"{"user":1,"at":12x}"#, as: LoginRow.self)?.reason
            == .wrongType(field: "at", expected: "a number, found trailing characters"))
        #expect(jsonError(#"{"user":1,"at":1e999}"#, as: LoginRow.self)?.reason == .nonFiniteNumber(field: "at"))
        #expect(jsonError(#"{"user":1,"at":NaN}"#, as: LoginRow.self)?.reason == .nonFiniteNumber(field: "at"))
        #expect(jsonError(#"{"user":1,"at":-Infinity}"#, as: LoginRow.self)?.reason == .nonFiniteNumber(field: "at"))
        #expect(jsonError(#"{"user":1,"at":"inf"}"#, as: LoginRow.self)?.reason == .nonFiniteNumber(field: "at"))
        #expect(jsonError(#"{"user":1.5,"at":1}"#, as: LoginRow.self)?.reason == .notAnInteger(field: "user"))
        #expect(jsonError(#"{"user":1e3,"at":1}"#, as: LoginRow.self)?.reason == .notAnInteger(field: "user"))
        #expect(jsonError(#"{"user":99999999999999999999,"at":1}"#, as: LoginRow.self)?.reason == .integerOutOfRange(field: "user"))
        #expect(jsonError(#"{"user":012,"at":1}"#, as: LoginRow.self)?.reason == .malformed("leading zeros are not allowed in numbers"))
        #expect(jsonError(#"{"user":"12","at":1}"#, as: LoginRow.self)?.reason
            == .wrongType(field: "user", expected: "an integer, found a string"))
        #expect(jsonError(#"{"user":null,"at":1}"#, as: LoginRow.self)?.reason
            == .wrongType(field: "user", expected: "an integer, found null"))
        #expect(csvError("1,nan", as: LoginRow.self)?.reason == .nonFiniteNumber(field: "at"))
        #expect(csvError("1,1.2.3", as: LoginRow.self)?.reason == .wrongType(field: "at", expected: "a number, found \"1.2.3\""))
        #expect(csvError("1, 2", as: LoginRow.self) != nil, "no spaces around CSV numbers")
    }

    @Test("negative ids are rejected")
    func negativeIDs() {
        let error = jsonError(#"{"follower":-4,"followee":2,"created_at":1}"#, as: FollowRow.self)
        #expect(error?.reason == .negativeID(field: "follower", value: -4))
        #expect(error?.description == #"field "follower": id must not be negative (found -4)"#)
        #expect(csvError("1,-2,3", as: FollowRow.self)?.reason == .negativeID(field: "followee", value: -2))
    }

    @Test("escaped strings are decoded before checking")
    func escapedStrings() throws {
        let parser = RowParser<ActionRow>(format: .jsonl)
        #expect(try parser.parse(#"{"user":1,"post":2,"action":"li\u006be","at":3}"#).action == .like)
        #expect(try parser.parse(#"{"\u0075ser":1,"post":2,"action":"like","at":3}"#).user == 1)
        let error = jsonError(#"{"user":1,"post":2,"action":"li\"ke","at":3}"#, as: ActionRow.self)
        #expect(error?.reason == .unknownValue(field: "action", value: "li\"ke", allowed: ActionRow.Action.allCases.map(\.rawValue)))
        #expect(error?.description.contains(#""li\"ke""#) == true)
        let emoji = jsonError(#"{"user":1,"post":2,"action":"\ud83d\ude00","at":3}"#, as: ActionRow.self)
        #expect(emoji?.reason == .unknownValue(field: "action", value: "😀", allowed: ActionRow.Action.allCases.map(\.rawValue)))
        #expect(jsonError(#"{"user":1,"post":2,"action":"\ud83d","at":3}"#, as: ActionRow.self)?.reason
            == .malformed("unpaired surrogate in \\u escape"))
        #expect(jsonError(#"{"user":1,"post":2,"action":"\q","at":3}"#, as: ActionRow.self)?.reason
            == .malformed("invalid escape '\\q'"))
        #expect(jsonError(#"{"user":1,"post":2,"action":"like"#, as: ActionRow.self)?.reason == .malformed("unterminated string"))
        // CSV quoting with doubled quotes.
        var csv = RowParser<ActionRow>(format: .csv)
        try csv.readCSVHeader("user,post,action,at")
        #expect(try csv.parse(#""1",2,"like","3.5""#) == ActionRow(user: 1, post: 2, action: .like, at: 3.5))
        #expect(csvError(#"1,2,"li""ke",3"#, as: ActionRow.self)?.reason
            == .unknownValue(field: "action", value: "li\"ke", allowed: ActionRow.Action.allCases.map(\.rawValue)))
        #expect(csvError(#"1,2,li"ke,3"#, as: ActionRow.self)?.reason == .malformed("quote inside an unquoted CSV field"))
    }

    @Test("JSON structure is strict; unknown keys are skipped")
    func jsonStructure() throws {
        let parser = RowParser<LoginRow>(format: .jsonl)
        #expect(try parser.parse(#"  { "user" : 1 , "extra": {"a":[1,true,null,"x"]}, "at" : 2 }  "#) == LoginRow(user: 1, at: 2))
        #expect(try parser.parse("{\"user\":1,\"at\":2}\r\n") == LoginRow(user: 1, at: 2))
        #expect(jsonError(#"{"user":1,"user":2,"at":2}"#, as: LoginRow.self)?.reason == .duplicateField("user"))
        #expect(jsonError(#"{"user":1,"at":2} x"#, as: LoginRow.self)?.reason == .malformed("unexpected characters after the object"))
        #expect(jsonError(#"{"user":1 "at":2}"#, as: LoginRow.self)?.reason == .malformed("expected ',' or '}'"))
        #expect(jsonError(#"[1,2]"#, as: LoginRow.self)?.reason == .malformed("expected '{' at the start of the object"))
        #expect(jsonError("   ", as: LoginRow.self)?.reason == .emptyLine)
        #expect(jsonError(#"{"user":1,"at":2"#, as: LoginRow.self)?.offset == 16)
    }

    @Test("topic vectors are checked for dimension, normalization and finiteness")
    func topics() {
        let options = RowParseOptions(topicDimension: 2)
        #expect(jsonError(#"{"id":1,"author":2,"created_at":3,"media":"text","topics":[1,0,0]}"#, as: PostRow.self, options: options)?.reason
            == .wrongDimension(field: "topics", expected: 2, found: 3))
        #expect(jsonError(#"{"id":1,"author":2,"created_at":3,"media":"text","topics":[1,1]}"#, as: PostRow.self)?.reason
            == .notNormalized(field: "topics", norm: Float(2).squareRoot()))
        #expect(jsonError(#"{"id":1,"author":2,"created_at":3,"media":"text","topics":[]}"#, as: PostRow.self)?.reason
            == .wrongType(field: "topics", expected: "a non-empty list of numbers"))
        #expect(jsonError(#"{"id":1,"author":2,"created_at":3,"media":"text","topics":[1,"a"]}"#, as: PostRow.self)?.reason
            == .wrongType(field: "topics", expected: "a list of numbers, found a string"))
        #expect(jsonError(#"{"id":1,"author":2,"created_at":3,"media":"text","topics":[1e50,0]}"#, as: PostRow.self)?.reason
            == .nonFiniteNumber(field: "topics"))
        #expect(csvError("1,2,3,text,0.6;;0.8", as: PostRow.self)?.reason
            == .wrongType(field: "topics", expected: "a ';'-separated list of numbers, found an empty item"))
    }

    @Test("CSV headers map columns by name; counts must agree")
    func csvHeaders() throws {
        var parser = RowParser<FollowRow>(format: .csv)
        try parser.readCSVHeader("created_at,note,followee,follower\r\n")
        #expect(try parser.parse("5.5,hello,2,1") == FollowRow(follower: 1, followee: 2, createdAt: 5.5))
        #expect(throws: RowParseError(.columnCount(expected: 4, found: 3))) { try parser.parse("5.5,2,1") }
        #expect(csvError("1,2", as: FollowRow.self, header: "follower,followee")?.reason == .missingColumn("created_at"))
        #expect(csvError("1,2,3", as: FollowRow.self, header: "follower,follower,created_at")?.reason
            == .malformed("column \"follower\" appears twice in the CSV header"))
        #expect(csvError(#"1,"2,3"#, as: FollowRow.self)?.reason == .malformed("unterminated quoted CSV field"))
        // A byte-order mark before the header is ignored.
        var bom = RowParser<LoginRow>(format: .csv)
        try bom.readCSVHeader("\u{FEFF}user,at")
        #expect(try bom.parse("1,2") == LoginRow(user: 1, at: 2))
    }
}
