import Foundation

/// Files in Tests/FeedCoreTests/Fixtures (copied into the test bundle).
enum Fixtures {
    static var directory: URL {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("Fixtures folder missing from the test bundle")
        }
        return url
    }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// File names in the fixtures folder with the given prefix and suffix, sorted.
    static func names(prefix: String, suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }
            .sorted()
    }
}

/// A comma-separated file without quoting: a header line, then rows.
struct CSVTable {
    var header: [String]
    var rows: [[String]]

    init(_ data: Data) {
        let lines = String(decoding: data, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        header = lines.first ?? []
        rows = Array(lines.dropFirst())
    }

    func column(_ name: String) -> Int? { header.firstIndex(of: name) }
}

extension String {
    /// A CSV cell as the float64 value it spells, NaN when empty.
    var csvDouble: Double { isEmpty ? .nan : Double(self)! }
}
