import PrefeedRedis

/// One stream entry as `XREADGROUP` / `XRANGE` return it: its id and its field–value pairs.
public struct StreamEntry: Hashable, Sendable {
    /// The entry id.
    public var id: StreamEntryID
    /// Field → value (UTF-8); a repeated field keeps its last value.
    public var fields: [String: String]

    /// An entry with `fields`.
    public init(id: StreamEntryID, fields: [String: String]) {
        self.id = id
        self.fields = fields
    }

    /// Parses `[id, [field, value, …]]`; `nil` when the reply has another shape. An entry whose
    /// fields are null (deleted while pending) has no fields.
    public init?(reply: RedisReply) {
        guard let parts = reply.array, parts.count == 2, let text = parts[0].string, let id = StreamEntryID(text) else {
            return nil
        }
        var fields: [String: String] = [:]
        let values = parts[1].array ?? []
        var index = 0
        while index + 1 < values.count {
            if let field = values[index].string, let value = values[index + 1].string { fields[field] = value }
            index += 2
        }
        self.init(id: id, fields: fields)
    }

    /// The entries of an `XRANGE` reply (or of one stream of an `XREADGROUP` reply).
    public static func entries(of reply: RedisReply) -> [StreamEntry]? {
        guard let elements = reply.array else { return nil }
        var entries: [StreamEntry] = []
        entries.reserveCapacity(elements.count)
        for element in elements {
            guard let entry = StreamEntry(reply: element) else { return nil }
            entries.append(entry)
        }
        return entries
    }
}
