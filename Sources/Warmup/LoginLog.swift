import FeedWorld
import Foundation

/// A login log in time order, indexed by user: the input of training and of policy replay.
///
/// Users get dense indices (`0..<userCount`) in order of first appearance; `times(ofUser:)` holds
/// each user's session starts, ascending. Rows are kept as given (no merging of close sessions).
public struct LoginLog: Sendable {
    /// The rows, sorted by time (then user).
    public let rows: [LoginRow]
    /// User id of each dense index.
    public let userIDs: [Int64]
    /// Dense user index of each row.
    let rowUsers: [Int32]
    /// Session starts per dense user index, ascending.
    let timesByUser: [[Double]]

    /// Indexes `rows` (any order).
    public init(_ rows: [LoginRow]) {
        let sorted = rows.sorted { $0.at != $1.at ? $0.at < $1.at : $0.user < $1.user }
        var index: [Int64: Int32] = [:]
        var ids: [Int64] = []
        var rowUsers: [Int32] = []
        var times: [[Double]] = []
        rowUsers.reserveCapacity(sorted.count)
        for row in sorted {
            let dense: Int32
            if let known = index[row.user] {
                dense = known
            } else {
                dense = Int32(ids.count)
                index[row.user] = dense
                ids.append(row.user)
                times.append([])
            }
            rowUsers.append(dense)
            times[Int(dense)].append(row.at)
        }
        self.rows = sorted
        userIDs = ids
        self.rowUsers = rowUsers
        timesByUser = times
    }

    /// Number of distinct users.
    public var userCount: Int { userIDs.count }
    /// First session start, if any.
    public var start: Double? { rows.first?.at }
    /// Last session start, if any.
    public var end: Double? { rows.last?.at }

    /// Session starts of the user with dense index `user`, ascending.
    public func times(ofUser user: Int) -> [Double] { timesByUser[user] }

    /// The log of the rows strictly before `time`: what a model trained at `time` may see.
    public func before(_ time: Double) -> LoginLog {
        LoginLog(rows.filter { $0.at < time })
    }

    /// Parses a `logins.jsonl` or `logins.csv` file's bytes (CSV needs its header line). Blank
    /// lines are skipped; a bad line throws ``LoginLogError`` with its number.
    public static func parse(_ data: Data, format: LoadFileFormat) throws(LoginLogError) -> LoginLog {
        var parser = RowParser<LoginRow>(format: format)
        var rows: [LoginRow] = []
        var failure: LoginLogError?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var lineStart = 0
            var lineNumber = 0
            var needsHeader = format == .csv
            let count = buffer.count
            while lineStart < count, failure == nil {
                var lineEnd = lineStart
                while lineEnd < count, buffer[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                lineNumber += 1
                let line = UnsafeRawBufferPointer(rebasing: buffer[lineStart..<lineEnd])
                let blank = line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }
                if !blank {
                    do throws(RowParseError) {
                        if needsHeader {
                            try parser.readCSVHeader(line)
                            needsHeader = false
                        } else {
                            rows.append(try parser.parse(line))
                        }
                    } catch {
                        failure = LoginLogError(line: lineNumber, reason: error.description)
                    }
                }
                lineStart = lineEnd + 1
            }
        }
        if let failure { throw failure }
        return LoginLog(rows)
    }
}
