import Foundation
import PrefeedTestSupport
import Testing

/// ARCHITECTURE.md against the tree: the modules, folders and types it names exist, each module
/// imports only what its row allows, FeedStore has exactly the rooms it lists, and no key name is
/// spelled outside the key room.
@Suite("ARCHITECTURE.md matches the tree")
struct ArchitectureDocumentTests {
    let root: URL
    let document: ArchitectureDocument

    init() throws {
        root = URL(fileURLWithPath: try locateProjectFile("ARCHITECTURE.md")).deletingLastPathComponent()
        document = try ArchitectureDocument(text: String(contentsOf: root.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8))
    }

    @Test func theModuleTableIsTheTree() throws {
        #expect(document.modules.count >= 10)
        let sourceFolders = try folders(in: "Sources")
        let pluginFolders = (try? folders(in: "Plugins")) ?? []
        for module in document.modules.keys.sorted() {
            #expect(sourceFolders.contains(module) || pluginFolders.contains(module), "ARCHITECTURE.md names module \(module): no Sources/\(module) or Plugins/\(module)")
        }
        for folder in sourceFolders + pluginFolders {
            #expect(document.modules[folder] != nil, "\(folder) is not in ARCHITECTURE.md's module table")
        }
    }

    @Test func noModuleImportsOneItsRowDoesNotAllow() throws {
        let modules = Set(document.modules.keys)
        for (module, allowed) in document.modules.sorted(by: { $0.key < $1.key }) {
            for file in swiftFiles(under: "Sources/\(module)") {
                for imported in try Self.imports(of: file) where modules.contains(imported) && imported != module {
                    #expect(allowed.contains(imported), "\(relative(file)) imports \(imported): ARCHITECTURE.md does not allow \(module) to")
                }
            }
        }
    }

    @Test func everyFolderAndFileItNamesExists() {
        #expect(!document.paths.isEmpty)
        for path in document.paths {
            let exists = FileManager.default.fileExists(atPath: root.appendingPathComponent("Sources/" + path).path)
                || FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
            #expect(exists, "ARCHITECTURE.md names \(path): neither Sources/\(path) nor \(path) exists")
        }
    }

    @Test func everyTypeItNamesExists() throws {
        var declared = Set(document.modules.keys)
        let declaration = try Regex(#"(?:struct|enum|class|actor|protocol|extension|func|typealias)\s+([A-Za-z_][A-Za-z0-9_]*)"#)
        for file in swiftFiles(under: "Sources") {
            declared.insert(file.deletingPathExtension().lastPathComponent)
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: declaration) {
                if let name = match.output[1].substring { declared.insert(String(name)) }
            }
        }
        #expect(!document.typeNames.isEmpty)
        for name in document.typeNames {
            #expect(declared.contains(name), "ARCHITECTURE.md names \(name): no such module, file or declaration in Sources")
        }
    }

    @Test func feedStoreHasTheRoomsItLists() throws {
        let rooms = Set(document.paths.compactMap { path -> String? in
            let parts = path.split(separator: "/")
            return parts.count >= 2 && parts[0] == "FeedStore" ? String(parts[1]) : nil
        })
        #expect(Set(try folders(in: "Sources/FeedStore")) == rooms)
        let loose = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Sources/FeedStore").path)
            .filter { $0.hasSuffix(".swift") }
        #expect(loose.isEmpty, "Swift files outside FeedStore's rooms: \(loose)")
    }

    /// Files that may spell a key name although they are outside the key room, and why.
    static let keySpellingExceptions: [String: String] = [:]

    @Test func noKeyNameIsSpelledOutsideTheKeyRoom() throws {
        // A string literal holding a hash tag of a user, author or post, or `<name>:{…`.
        let keyLiteral = try Regex(#""[^"]*(\{[uap]:|[a-z_]+:\{)"#)
        for file in swiftFiles(under: "Sources") {
            let path = relative(file)
            guard !path.hasPrefix("Sources/FeedStore/Keys/"), Self.keySpellingExceptions[path] == nil else { continue }
            for (number, line) in try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n").enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                guard !code.hasPrefix("//") else { continue }
                #expect(code.firstMatch(of: keyLiteral) == nil, "\(path):\(number + 1) spells a key name: ask FeedStore/Keys for it")
            }
        }
    }

    // MARK: Helpers

    /// The modules a Swift file imports (`import X`, `@testable import X`, `import struct X.Y`).
    static func imports(of file: URL) throws -> Set<String> {
        let pattern = try Regex(#"^\s*(?:@[A-Za-z_]+\s+)*import\s+(?:(?:struct|enum|class|protocol|func|typealias|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#)
        var modules = Set<String>()
        for line in try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n") {
            if let match = line.firstMatch(of: pattern), let name = match.output[1].substring { modules.insert(String(name)) }
        }
        return modules
    }

    private func folders(in path: String) throws -> [String] {
        let url = root.appendingPathComponent(path)
        return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    private func swiftFiles(under path: String) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(path), includingPropertiesForKeys: nil)
        else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            .sorted { $0.path < $1.path }
    }

    private func relative(_ file: URL) -> String {
        String(file.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
    }
}
