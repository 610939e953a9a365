import FeedCore
import FeedLearning
import FeedStore
import Foundation
import LearningLoop
import Logging
import Testing

@Suite("The learning loop end to end", .timeLimit(.minutes(10)))
struct LoopTests {
    @Test func twoRoundsOnATinyWorldProduceRowsAndPublishAModelThatRanksTheNextRound() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prefeed-loop-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = LoopConfiguration()
        configuration.users = 150
        configuration.posts = 2_000
        configuration.days = 7
        configuration.rounds = 1
        configuration.pagesPerRound = 2
        configuration.pageSize = 10
        configuration.controlShare = 0.2
        configuration.negativeSamplingRate = 0.5
        configuration.roundHours = 24
        configuration.slotsPerRound = 2
        configuration.outputDirectory = directory.path
        var logger = Logger(label: "test.loop")
        logger.logLevel = .warning
        let summary = try await LearningLoop(configuration: configuration, logger: logger, say: { _ in }).run()

        #expect(summary.rounds.count == 2)
        let first = summary.rounds[0]
        let second = summary.rounds[1]
        // Round 0 is ranked by the baseline, round 1 by the model trained on round 0 and published.
        #expect(first.modelVersion == BaselineModel.version)
        #expect(first.published == "loop-r1")
        #expect(second.modelVersion == "loop-r1")
        #expect(second.published == nil)
        // Treatment impressions of round 1 carry the published version (read back from the page responses);
        // control users stay on the baseline.
        #expect(second.treatment.impressionsByModel.keys.sorted() == ["loop-r1"])
        #expect(second.control.impressions == 0 || second.control.impressionsByModel.keys.sorted() == [BaselineModel.version])
        for round in summary.rounds {
            let served = round.treatment.impressions + round.control.impressions
            #expect(served > 150 * 10, "every user reads at least a page")
            // The join saw every served item, attributed the posted actions and found every feature vector.
            #expect(round.join.impressedItems == served)
            #expect(round.join.orphans == 0 && round.join.late == 0 && round.join.missingFeatures == 0)
            let taken = ActionType.heads.reduce(0) { $0 + (round.treatment.actions[$1] ?? 0) + (round.control.actions[$1] ?? 0) }
            #expect(round.join.attributed == taken)
            #expect(round.rows > 0 && round.rows == round.join.rowsEmitted)
            #expect(round.heldOut?.head(.click) != nil)
        }
        #expect(second.trainingRows == first.rows + second.rows)

        // Simulated time: round 1 starts a day after round 0; posts were released in both rounds
        // (through POST /v1/posts) and some of them were served; the read path stamped round 1's
        // impressions with the loop's clock, not the wall clock.
        #expect(second.diagnostics.startTime == first.diagnostics.startTime + 86_400)
        #expect(second.diagnostics.elapsedHours == 24)
        #expect(first.diagnostics.releasedPosts > 0 && second.diagnostics.releasedPosts > 50)
        #expect(second.treatment.servedReleased + second.control.servedReleased > 0)
        #expect(first.diagnostics.inventoryReaders == 150 && second.diagnostics.inventoryReaders == 150)
        let predictions = try String(contentsOf: directory.appendingPathComponent("predictions-final.csv"), encoding: .utf8)
        let servedAt = predictions.split(separator: "\n").dropFirst().compactMap { Double($0.split(separator: ",")[1]) }
        #expect(!servedAt.isEmpty)
        let roundStart = second.diagnostics.startTime * 1_000
        #expect(servedAt.allSatisfy { $0 >= roundStart && $0 < roundStart + 86_400_000 })

        // The files the plots read.
        let csv = try String(contentsOf: directory.appendingPathComponent("rounds.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 3)
        let model = try Data(contentsOf: directory.appendingPathComponent("models/loop-r1.json"))
        #expect(try ValueModel.logistic(json: model).version == "loop-r1")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("calibration.csv").path))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("predictions-final.csv").path))
        let json = LoopReport.jsonLine(summary, configuration: configuration)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["bench"] as? String == "loop")
        #expect(object?["rounds"] as? Int == 1)
        #expect(object?["baseline_value_per_impression"] is Double)
        #expect(object?["control_value_per_impression"] is Double && object?["lift_vs_control"] is Double)
        #expect(object?["round_hours"] as? Double == 24)
    }
}
