/// How a model's feature names differ from the code's schema.
public struct SchemaMismatch: Hashable, Sendable, CustomStringConvertible {
    /// Features the code computes that the model lacks.
    public var missing: [String]
    /// Features the model expects that the code does not compute.
    public var extra: [String]
    /// Features present on both sides but at different positions.
    public var reordered: [String]

    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing from model: \(missing.joined(separator: ", "))") }
        if !extra.isEmpty { parts.append("unknown to code: \(extra.joined(separator: ", "))") }
        if !reordered.isEmpty { parts.append("reordered: \(reordered.joined(separator: ", "))") }
        if parts.isEmpty { parts.append("duplicate feature names") }
        return parts.joined(separator: "; ")
    }
}
