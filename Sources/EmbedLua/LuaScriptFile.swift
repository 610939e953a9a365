import Foundation

/// One Lua script file and the text Redis runs for it: its helpers, then its own lines.
///
/// A script names the helpers it uses in `--! include <path>` lines at its top (the path is
/// relative to the script's folder; helpers include nothing themselves, so a script lists every
/// helper it needs, in the order they must be defined). The text sent to Redis is, for each
/// include line, a newline followed by the helper file, then the rest of the script without its
/// final newline: exactly the text the scripts had as Swift literals, hence the same SHA-1.
struct LuaScriptFile {
    /// The marker of an include line.
    static let includePrefix = "--! include "

    /// The file.
    let url: URL

    /// The Swift name of the script: `feed-page.lua` is `feedPage`.
    var identifier: String {
        let parts = url.deletingPathExtension().lastPathComponent.split(separator: "-")
        return parts.enumerated().map { index, part in
            index == 0 ? String(part) : part.prefix(1).uppercased() + part.dropFirst()
        }.joined()
    }

    /// The file name without `.lua`.
    var name: String { url.deletingPathExtension().lastPathComponent }

    /// The helper paths named by the include lines, relative to the script's folder.
    func includes() throws -> [String] {
        try lines().prefix { $0.hasPrefix(Self.includePrefix) }.map {
            String($0.dropFirst(Self.includePrefix.count)).trimmingCharacters(in: .whitespaces)
        }
    }

    /// The text Redis runs: the included helpers, then the script's own lines.
    func assembled() throws -> String {
        let lines = try lines()
        var text = ""
        for helper in try includes() {
            let helperURL = url.deletingLastPathComponent().appendingPathComponent(helper)
            let helperText = try String(contentsOf: helperURL, encoding: .utf8)
            guard !helperText.contains("\n" + Self.includePrefix), !helperText.hasPrefix(Self.includePrefix) else {
                throw EmbedError("\(helperURL.path): a helper cannot include another one")
            }
            text += "\n" + helperText
        }
        var rest = lines.drop { $0.hasPrefix(Self.includePrefix) }.joined(separator: "\n")
        guard rest.hasSuffix("\n") || rest.isEmpty else { throw EmbedError("\(url.path): no final newline") }
        if !rest.isEmpty { rest.removeLast() }
        return text + rest
    }

    private func lines() throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
    }
}
