import FeedWorld
import Foundation
import Testing

@Suite("World writer")
struct WorldWriterTests {
    private func readLines(_ url: URL) throws -> [[UInt8]] {
        let data = try Data(contentsOf: url)
        return data.split(separator: 0x0A).map(Array.init)
    }

    private func parseAll<Row: LoadRow>(_ type: Row.Type, in summary: WorldSummary) throws -> [Row] {
        var lines = try readLines(summary.url(of: Row.file))
        var parser = RowParser<Row>(format: summary.manifest.format, options: RowParseOptions(topicDimension: summary.manifest.topicDimension))
        if summary.manifest.format == .csv {
            let header = lines.removeFirst()
            try header.withUnsafeBytes { try parser.readCSVHeader($0) }
        }
        return try lines.map { try parser.parse($0) }
    }

    @Test("generateWorld writes files the parser reads back, a manifest and the truth", arguments: LoadFileFormat.allCases)
    func writesReadableWorld(format: LoadFileFormat) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedworld-\(format.rawValue)-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = WorldConfig(seed: 3, users: 300, posts: 2_000, days: 7)
        var phases: [WorldProgress.Phase] = []
        let summary = try generateWorld(config: config, into: directory, format: format) { progress in
            if phases.last != progress.phase { phases.append(progress.phase) }
        }
        #expect(phases == [.world, .entities, .activity, .finishing])

        let expected = try SampleWorld.generate(config).rows
        #expect(try parseAll(UserRow.self, in: summary) == expected.users)
        #expect(try parseAll(FollowRow.self, in: summary) == expected.follows)
        #expect(try parseAll(PostRow.self, in: summary) == expected.posts)
        #expect(try parseAll(ActionRow.self, in: summary) == expected.actions)
        #expect(try parseAll(LoginRow.self, in: summary) == expected.logins)

        let manifestData = try Data(contentsOf: directory.appendingPathComponent(WorldWriter.manifestFileName))
        let manifest = try JSONDecoder().decode(WorldManifest.self, from: manifestData)
        #expect(manifest == summary.manifest)
        #expect(manifest.config == config)
        #expect(manifest.counts.actions == expected.actions.count)
        #expect(manifest.files["posts"] == "posts.\(format.rawValue)")

        let truths = try readLines(directory.appendingPathComponent(manifest.truthFile)).map {
            try JSONDecoder().decode(UserTruth.self, from: Data($0))
        }
        #expect(truths == expected.truths)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty)
        #expect(summary.byteCount > 0)
    }

    @Test("a bad config is refused with the knob's name")
    func badConfig() {
        var config = WorldConfig()
        config.days = 0
        #expect(throws: WorldConfigError(knob: "days", rule: "must be in 1...3650")) { try WorldGenerator(config: config) }
    }

    @Test("the config round-trips through the manifest's JSON")
    func configCodable() throws {
        let config = WorldConfig.benchmark
        let decoded = try JSONDecoder().decode(WorldConfig.self, from: JSONEncoder().encode(config))
        #expect(decoded == config)
    }
}
