import FeedCore

/// Hourly engagement buckets of one post or author, as stored in an engagement HASH.
///
/// Field `<unix hour><code>` → count, where code is `i` impression, `c` click, `l` like, `m`
/// comment, `s` share, `h` hide, `r` report. A window W at time `now` sums the buckets whose hour
/// ends after `now − W` and starts at or before `now` (1-hour granularity: the 1 h window spans
/// the current and the previous partial hour).
public enum EngagementBuckets {
    /// Seconds per bucket.
    public static let bucketSeconds: Double = 3_600

    /// The hour index of a time.
    public static func hour(of time: Double) -> Int64 { Int64((time / bucketSeconds).rounded(.down)) }

    /// The one-letter code of an action; `nil` for `dwell`.
    public static func code(of action: ActionType) -> UInt8? {
        switch action {
        case .click: UInt8(ascii: "c")
        case .like: UInt8(ascii: "l")
        case .comment: UInt8(ascii: "m")
        case .share: UInt8(ascii: "s")
        case .hide: UInt8(ascii: "h")
        case .report: UInt8(ascii: "r")
        case .dwell: nil
        }
    }

    /// The code of an impression.
    public static let impressionCode = UInt8(ascii: "i")

    /// The field name of a bucket.
    public static func field(hour: Int64, code: UInt8) -> String {
        String(hour) + String(UnicodeScalar(code))
    }

    /// Sums a `HGETALL` reply (alternating field, value) into the four windows at `now`.
    public static func windows(fromHashReply reply: [RedisReplyPair], now: Double) -> WindowedEngagement {
        var result = WindowedEngagement.zero
        let nowHour = hour(of: now)
        for (field, value) in reply {
            guard let code = field.last, field.count > 1 else { continue }
            var hourValue: Int64 = 0
            var valid = true
            for byte in field.dropLast() {
                guard byte >= 48, byte <= 57 else { valid = false; break }
                hourValue = hourValue &* 10 &+ Int64(byte - 48)
            }
            guard valid, hourValue <= nowHour else { continue }
            let bucketEnd = Double(hourValue + 1) * bucketSeconds
            for window in EngagementWindow.allCases where bucketEnd > now - window.seconds {
                add(&result[window], code: code, count: value)
            }
        }
        return result
    }

    static func add(_ counts: inout EngagementCounts, code: UInt8, count: Double) {
        switch code {
        case UInt8(ascii: "i"): counts.impressions += count
        case UInt8(ascii: "c"): counts.clicks += count
        case UInt8(ascii: "l"): counts.likes += count
        case UInt8(ascii: "m"): counts.comments += count
        case UInt8(ascii: "s"): counts.shares += count
        case UInt8(ascii: "h"): counts.hides += count
        case UInt8(ascii: "r"): counts.reports += count
        default: break
        }
    }
}

/// One field/value pair of a hash reply: field bytes and numeric value.
public typealias RedisReplyPair = (field: [UInt8], value: Double)
