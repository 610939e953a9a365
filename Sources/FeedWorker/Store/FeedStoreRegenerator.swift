import FeedCore
import FeedStore

/// Regenerates feeds with FeedStore's ``FeedGenerator`` (candidates → features → value model →
/// rerank → atomic snapshot switch), one generator batch per worker batch.
public struct FeedStoreRegenerator: FeedRegenerating {
    public typealias Model = ValueModel

    /// The generator.
    public let generator: FeedGenerator

    /// Adapts `generator`.
    public init(generator: FeedGenerator) {
        self.generator = generator
    }

    public func regenerate(users: [UserID], model: VersionedModel<ValueModel>, now: Double) async -> [Result<RegenerationOutcome, any Error>] {
        let report = await generator.generateBatch(users: users, model: model.model, modelVersion: model.model.version, now: now)
        let roundTrips = users.isEmpty ? nil : Double(report.roundTrips) / Double(users.count)
        return report.outcomes.map { result in
            result.map { outcome in
                let generation: GenerationID
                switch outcome.status {
                case .written: generation = outcome.generation
                case .superseded(let current): generation = current
                }
                return RegenerationOutcome(
                    generationID: generation, itemCount: outcome.items.count,
                    candidatesBySource: outcome.candidatesBySource, roundTrips: roundTrips)
            }
        }
    }
}
