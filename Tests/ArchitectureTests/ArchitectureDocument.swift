/// What ARCHITECTURE.md claims, read from its text: the module table's modules with the modules
/// each may import, and every folder, file and type it names in backticks.
struct ArchitectureDocument {
    /// Module → the modules of the table its "may import" cell names.
    let modules: [String: Set<String>]
    /// Backticked paths (`FeedStore/ReadPath`, `Ops/ml/train_xgb.py`), relative to `Sources/` or the root.
    let paths: Set<String>
    /// Backticked CamelCase names (`FeedPageScript`, `FeedKeys+Jobs`): modules, files or declarations.
    let typeNames: Set<String>

    init(text: String) throws {
        let lines = text.components(separatedBy: "\n")
        var modules: [String: [String]] = [:]
        var inModules = false
        for line in lines {
            if line.hasPrefix("## ") { inModules = line == "## Modules" }
            guard inModules, line.hasPrefix("| `") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 5, let name = Self.backticked(cells[1]).first else { continue }
            modules[name] = Self.backticked(cells[4])
        }
        let names = Set(modules.keys)
        self.modules = modules.mapValues { Set($0.filter(names.contains)) }

        let path = try Regex(#"^\.?[A-Za-z][A-Za-z0-9_.+-]*(/[A-Za-z0-9_.+-]+)+$"#)
        let type = try Regex(#"^[A-Z][a-z][A-Za-z0-9]*(\+[A-Z][A-Za-z0-9]*)?$"#)
        var paths = Set<String>()
        var typeNames = Set<String>()
        var inCode = false
        for line in lines {
            if line.hasPrefix("```") { inCode.toggle(); continue }
            guard !inCode else { continue }
            for token in Self.backticked(line) {
                if token.wholeMatch(of: path) != nil { paths.insert(token) }
                if token.wholeMatch(of: type) != nil { typeNames.insert(token) }
            }
        }
        self.paths = paths
        self.typeNames = typeNames
    }

    /// The `…` spans of `text`.
    static func backticked(_ text: String) -> [String] {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        return stride(from: 1, to: parts.count, by: 2).map { String(parts[$0]) }
    }
}
