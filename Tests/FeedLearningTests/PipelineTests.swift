import FeedCore
import Foundation
import Testing

@testable import FeedLearning

/// Join → row files → trainer on synthetic feedback, including a restart from the row
/// directory's own checkpoint (what the Redis-backed join will do after a crash).
@Suite("Join to model, end to end")
struct PipelineTests {
    @Test("a restart from the committed checkpoint writes exactly the rows of an uninterrupted run; the trainer learns")
    func pipeline() throws {
        let input = SyntheticFeedback(seed: 4, impressions: 600, hours: 36).generate()
        let configuration = try JoinConfiguration(negativeSamplingRate: 0.3)
        let reference = JoinFixtures.run(input.events, configuration: configuration, features: input.featureLog)
        #expect(reference.joiner.counters.late > 0 && reference.joiner.counters.duplicates > 0)
        #expect(reference.joiner.counters.orphans > 0 && reference.joiner.counters.negativesDropped > 0)

        let directory = RowFileTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let crashAt = input.events.count / 2
        // First run: commit every 100 inputs, then "crash" with uncommitted rows in memory.
        var writer = try TrainingRowWriter(directory: directory, format: .jsonl)
        var joiner = Joiner(configuration: configuration)
        var batch: [TrainingRow] = []
        for (position, event) in input.events.enumerated() where position < crashAt {
            batch += joiner.process(event, features: input.featureLog)
            if (position + 1) % 100 == 0 {
                try writer.commit(
                    batch, coveredPositions: ["events": "\(position)"], checkpoint: joiner.state.checkpointData(),
                    counters: joiner.counters)
                batch = []
            }
        }
        // Restart: reopen the directory, restore the checkpoint, resume after the covered position.
        writer = try TrainingRowWriter(directory: directory, format: .jsonl)
        let checkpoint = try #require(try writer.checkpoint())
        let state = try JoinState.restore(checkpoint: checkpoint)
        joiner = Joiner(restoring: state)
        let resumeAt = Int(try #require(writer.manifest.coveredPositions["events"]))! + 1
        batch = []
        for event in input.events[resumeAt...] { batch += joiner.process(event, features: input.featureLog) }
        try writer.commit(batch, coveredPositions: ["events": "\(input.events.count - 1)"],
                          checkpoint: joiner.state.checkpointData(), counters: joiner.counters)
        #expect(joiner.counters == reference.joiner.counters)
        let written = try TrainingRowReader.read(directory)
        let key = { (row: TrainingRow) in (row.servedAt, row.requestID, row.position) }
        #expect(written.sorted { key($0) < key($1) } == reference.rows.sorted { key($0) < key($1) })

        var trainer = TrainerConfiguration(modelVersion: "lr-synthetic", heads: [.click, .like], l2: 1e-3)
        trainer.split = TimeSplit(evaluationHours: 10)
        let result = try LogisticTrainer(configuration: trainer).train(written)
        let click = try #require(result.metrics.first)
        #expect(click.trained && click.auc > 0.6 && click.normalizedEntropy < 1, "\(click)")
        #expect(try ValueModel.logistic(json: result.model.encoded()).actions == [.click, .like])
    }
}
