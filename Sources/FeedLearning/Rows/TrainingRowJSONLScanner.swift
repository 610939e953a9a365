import FeedCore

/// A fast, strict reader of the JSONL lines `TrainingRowJSONL.encode` writes: flat keys, plain
/// numbers, `null` features and a model version without escapes. Returns `nil` for anything else,
/// and `TrainingRowJSONL.decode` then falls back to `JSONDecoder`.
enum TrainingRowJSONLScanner {
    static func scan(_ line: Substring) -> TrainingRow? {
        var utf8 = Array(line.utf8)
        return utf8.withUnsafeMutableBufferPointer { bytes in scan(bytes) }
    }

    private static func scan(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> TrainingRow? {
        var i = 0
        let n = bytes.count
        func skipSpace() { while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 } }
        func expect(_ byte: UInt8) -> Bool {
            skipSpace()
            guard i < n, bytes[i] == byte else { return false }
            i += 1
            return true
        }
        /// A string without escapes.
        func string() -> String? {
            guard expect(0x22) else { return nil }
            let start = i
            while i < n, bytes[i] != 0x22 {
                if bytes[i] == 0x5C { return nil }
                i += 1
            }
            guard i < n else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            i += 1
            return text
        }
        /// The raw text of a number or `null`.
        func token() -> Substring? {
            skipSpace()
            let start = i
            while i < n, bytes[i] != 0x2C, bytes[i] != 0x5D, bytes[i] != 0x7D, bytes[i] != 0x20 { i += 1 }
            guard i > start else { return nil }
            return Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
        }
        func integer<T: FixedWidthInteger>(_: T.Type) -> T? { token().flatMap { T($0) } }

        var request: UInt64?, user: UInt64?, generation: UInt64?, post: UInt64?
        var version: String?, position: Int?, served: Int64?, weight: Double?, dwell: Int64?
        var features: [Float]?
        var labels = ActionLabels()
        var labelCount = 0
        guard expect(0x7B) else { return nil }
        while true {
            guard let key = string(), expect(0x3A) else { return nil }
            switch key {
            case "request_id": request = integer(UInt64.self)
            case "user": user = integer(UInt64.self)
            case "generation": generation = integer(UInt64.self)
            case "post": post = integer(UInt64.self)
            case "model_version": version = string()
            case "position": position = integer(Int.self)
            case "served_at_ms": served = integer(Int64.self)
            case "weight": weight = token().flatMap { Double($0) }
            case "dwell_ms": dwell = integer(Int64.self)
            case "features":
                guard expect(0x5B) else { return nil }
                var values: [Float] = []
                values.reserveCapacity(FeatureSchema.current.count)
                skipSpace()
                if i < n, bytes[i] == 0x5D {
                    i += 1
                } else {
                    while true {
                        guard let text = token() else { return nil }
                        if text == "null" {
                            values.append(.nan)
                        } else if let value = Float(text) {
                            values.append(value)
                        } else {
                            return nil
                        }
                        if expect(0x2C) { continue }
                        guard expect(0x5D) else { return nil }
                        break
                    }
                }
                features = values
            default:
                guard let action = ActionType(rawValue: key), action.isHead, let value = integer(Int.self) else { return nil }
                labels[action] = value != 0
                labelCount += 1
            }
            if expect(0x2C) { continue }
            guard expect(0x7D) else { return nil }
            break
        }
        skipSpace()
        guard i == n, let request, let user, let generation, let post, let version, let position, let served,
            let weight, let dwell, let features, labelCount == ActionType.heads.count
        else { return nil }
        labels.dwellMillis = dwell
        return TrainingRow(
            requestID: RequestID(request), user: UserID(user), generation: GenerationID(generation),
            modelVersion: version, post: PostID(post), position: position, servedAt: served, features: features,
            labels: labels, weight: weight)
    }
}
