import FeedCore
import Foundation
import Testing

@testable import FeedLearning

@Suite("Training row files")
struct RowFileTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("feedlearning-\(UUID().uuidString)")
    }

    static func sampleRows() -> [TrainingRow] {
        var rows = SyntheticRows.rows(count: 40, seed: 2, rate: 0.5)
        rows[0].modelVersion = "lr, \"quoted\"\tversion"
        rows[1].labels = ActionLabels([.like, .report], dwellMillis: 1234)
        rows[2].features = [.nan, 1e-7, -3.5, .nan]
        return rows
    }

    @Test("JSONL and CSV round-trip rows exactly, NaN included", arguments: TrainingRowFormat.allCases)
    func roundTrip(format: TrainingRowFormat) throws {
        let rows = Self.sampleRows()
        for row in rows {
            let decoded: TrainingRow
            switch format {
            case .jsonl: decoded = try TrainingRowJSONL.decode(Substring(TrainingRowJSONL.encode(row)))
            case .csv: decoded = try TrainingRowCSV.decode(Substring(TrainingRowCSV.encode(row)))
            }
            #expect(decoded == row)
        }
    }

    @Test("the fast JSONL scanner agrees with the JSON decoder and defers to it for escapes")
    func scanner() throws {
        for row in Self.sampleRows() {
            let line = Substring(TrainingRowJSONL.encode(row))
            let scanned = TrainingRowJSONLScanner.scan(line)
            if row.modelVersion.contains("\"") {
                #expect(scanned == nil)
            } else {
                #expect(scanned == row)
            }
            #expect(try TrainingRowJSONL.decode(line) == row)
        }
        let spaced = Substring(
            "{ \"request_id\": 1, \"user\": 2, \"generation\": 3, \"model_version\": \"m\", \"post\": 4, "
                + "\"position\": 5, \"served_at_ms\": 6, \"weight\": 2.5, \"click\": 1, \"like\": 0, \"comment\": 0, "
                + "\"share\": 0, \"hide\": 0, \"report\": 0, \"dwell_ms\": 7, \"features\": [null, 1.5] }")
        let row = try #require(TrainingRowJSONLScanner.scan(spaced))
        #expect(row.weight == 2.5 && row.labels == ActionLabels([.click], dwellMillis: 7) && row.features[1] == 1.5)
        #expect(try TrainingRowJSONL.decode(spaced) == row)
        #expect(TrainingRowJSONLScanner.scan("{\"request_id\": 1}") == nil)
        #expect(throws: TrainingRowIOError.self) { try TrainingRowJSONL.decode("{\"request_id\": 1}") }
    }

    @Test("commits partition by hour, the manifest names files, counts and positions", arguments: TrainingRowFormat.allCases)
    func commitAndRead(format: TrainingRowFormat) throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = Self.sampleRows()
        var writer = try TrainingRowWriter(directory: directory, format: format, schema: SyntheticRows.schema)
        try writer.commit(Array(rows[..<25]), coveredPositions: ["impressions": "1-0"], checkpoint: Data("a".utf8))
        let manifest = try writer.commit(
            Array(rows[25...]), coveredPositions: ["impressions": "9-0", "actions": "8-1"], checkpoint: Data("b".utf8))
        #expect(manifest.commit == 2 && manifest.totalRows == rows.count)
        #expect(manifest.coveredPositions == ["impressions": "9-0", "actions": "8-1"])
        #expect(Set(manifest.files.map(\.hour)) == Set(rows.map(\.servedHour)))
        #expect(manifest.files.allSatisfy { $0.path.hasPrefix("hour=2023-11-") && $0.path.hasSuffix(".\(format.rawValue)") })
        let read = try TrainingRowReader.read(directory, schema: SyntheticRows.schema)
        #expect(throws: TrainingRowIOError.self) { try TrainingRowReader.read(directory, schema: .current) }
        #expect(read.sorted { ($0.servedAt, $0.requestID) < ($1.servedAt, $1.requestID) } == rows)
        #expect(try writer.checkpoint() == Data("b".utf8))
        let checkpoints = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("checkpoints").path)
        #expect(checkpoints == ["checkpoint-000002.json"])
    }

    @Test("reopening removes files of an interrupted commit and keeps the committed ones")
    func recovery() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = Self.sampleRows()
        var writer = try TrainingRowWriter(directory: directory, format: .jsonl, schema: SyntheticRows.schema)
        try writer.commit(rows, coveredPositions: ["s": "1"], checkpoint: Data("c1".utf8))
        // A crash after writing a part file and a checkpoint but before the manifest:
        let hourFolder = directory.appendingPathComponent(writer.manifest.files[0].path).deletingLastPathComponent()
        let stray = hourFolder.appendingPathComponent("part-000002.jsonl")
        try Data("{}\n".utf8).write(to: stray)
        let strayCheckpoint = directory.appendingPathComponent("checkpoints/checkpoint-000002.json")
        try Data("c2".utf8).write(to: strayCheckpoint)
        try Data("x".utf8).write(to: directory.appendingPathComponent(".tmp-manifest.json"))
        let reopened = try TrainingRowWriter(directory: directory, format: .jsonl, schema: SyntheticRows.schema)
        #expect(reopened.manifest == writer.manifest)
        #expect(!FileManager.default.fileExists(atPath: stray.path))
        #expect(!FileManager.default.fileExists(atPath: strayCheckpoint.path))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".tmp-manifest.json").path))
        #expect(try reopened.checkpoint() == Data("c1".utf8))
        #expect(try TrainingRowReader.read(directory).count == rows.count)
        #expect(throws: TrainingRowIOError.self) {
            try TrainingRowWriter(directory: directory, format: .csv, schema: SyntheticRows.schema)
        }
    }

    @Test("hour names are UTC civil hours")
    func hourNames() {
        #expect(UTCHour.name(0) == "1970-01-01T00")
        #expect(UTCHour.name(1_764_064_800 / 3600) == "2025-11-25T10")
        #expect(UTCHour.name(951_782_400 / 3600 + 23) == "2000-02-29T23")
        #expect(UTCHour.name(-1) == "1969-12-31T23")
    }
}
