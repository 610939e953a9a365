import FeedWorld
import Foundation
import Testing
import Warmup

@Suite("Login history and log")
struct LoginHistoryTests {
    @Test("the history keeps the store's bounds: 100 starts, 28 days before the newest")
    func bounds() {
        #expect(LoginHistoryBounds.store.maxCount == 100)
        #expect(LoginHistoryBounds.store.maxAge == 28 * 86_400)
        var history = LoginHistory()
        for index in 0..<150 { history.record(TestLogs.monday + Double(index) * 3_600) }
        #expect(history.count == 100)
        #expect(history.times.first == TestLogs.monday + 50 * 3_600)
        history.record(TestLogs.monday + 40 * 86_400)
        #expect(history.times.allSatisfy { $0 >= TestLogs.monday + 12 * 86_400 })
        #expect(history.count == 1)
    }

    @Test("starts closer than 10 minutes are one session; out-of-order starts are inserted in place")
    func merging() {
        var history = LoginHistory()
        history.record(1_000_000)
        history.record(1_000_300)
        history.record(999_000)
        #expect(history.times == [999_000, 1_000_000])
        #expect(history.before(1_000_000) == [999_000])
    }

    @Test("a login file parses as JSONL and CSV and reports bad lines")
    func parsing() throws {
        let jsonl = try LoginLog.parse(Data("{\"user\":2,\"at\":20.5}\n{\"user\":1,\"at\":10}\n\n".utf8), format: .jsonl)
        let csv = try LoginLog.parse(Data("at,user\n10,1\r\n20.5,2\n".utf8), format: .csv)
        for log in [jsonl, csv] {
            #expect(log.rows == [LoginRow(user: 1, at: 10), LoginRow(user: 2, at: 20.5)])
            #expect(log.userIDs == [1, 2])
        }
        #expect(throws: LoginLogError.self) { try LoginLog.parse(Data("{\"user\":1,\"at\":1}\n{\"user\":-1,\"at\":2}\n".utf8), format: .jsonl) }
        do {
            _ = try LoginLog.parse(Data("{\"user\":1,\"at\":1}\n{\"user\":1}\n".utf8), format: .jsonl)
            Issue.record("expected a failure")
        } catch {
            #expect(error.line == 2)
        }
    }
}
