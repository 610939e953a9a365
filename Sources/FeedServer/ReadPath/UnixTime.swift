import Foundation

/// Wall-clock time as unix seconds, the time unit of every record in Redis.
enum UnixTime {
    static var now: Double { Date().timeIntervalSince1970 }
}
