import PrefeedRedis

extension RedisReply {
    /// A `HGETALL` reply as (field, numeric value) pairs; non-numeric values are skipped.
    var numericPairs: [RedisReplyPair] {
        guard let elements = array else { return [] }
        var pairs: [RedisReplyPair] = []
        pairs.reserveCapacity(elements.count / 2)
        var index = 0
        while index + 1 < elements.count {
            if let field = elements[index].bytes, let value = elements[index + 1].double {
                pairs.append((field, value))
            }
            index += 2
        }
        return pairs
    }

    /// A `HGETALL` reply as a dictionary of strings to bytes.
    var hashFields: [String: [UInt8]] {
        guard let elements = array else { return [:] }
        var fields: [String: [UInt8]] = [:]
        var index = 0
        while index + 1 < elements.count {
            if let field = elements[index].string, let value = elements[index + 1].bytes { fields[field] = value }
            index += 2
        }
        return fields
    }

    /// An array reply of decimal members as unsigned integers (non-numeric members skipped).
    var unsignedMembers: [UInt64] {
        guard let elements = array else { return [] }
        return elements.compactMap { $0.bytes.flatMap(UInt64.init(decimalBytes:)) }
    }

    /// A `WITHSCORES` reply as (member, score) pairs with decimal members.
    var unsignedScoredMembers: [(member: UInt64, score: Double)] {
        guard let elements = array else { return [] }
        var pairs: [(UInt64, Double)] = []
        pairs.reserveCapacity(elements.count / 2)
        var index = 0
        while index + 1 < elements.count {
            if let member = elements[index].bytes.flatMap(UInt64.init(decimalBytes:)), let score = elements[index + 1].double {
                pairs.append((member, score))
            }
            index += 2
        }
        return pairs
    }
}

extension UInt64 {
    /// Parses ASCII decimal digits; `nil` on anything else or overflow.
    init?(decimalBytes bytes: some Collection<UInt8>) {
        guard !bytes.isEmpty, bytes.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            guard byte >= 48, byte <= 57 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(UInt64(byte - 48))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        self = value
    }

    /// Parses a comma-separated list of ASCII decimals (`"12,7,90"`); `[]` for no bytes, `nil` on
    /// an empty element, a non-digit or overflow.
    static func commaSeparated(_ bytes: [UInt8]) -> [UInt64]? {
        if bytes.isEmpty { return [] }
        var values: [UInt64] = []
        for element in bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            guard let value = UInt64(decimalBytes: element) else { return nil }
            values.append(value)
        }
        return values
    }
}
