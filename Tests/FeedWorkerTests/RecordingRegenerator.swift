import FeedCore
import FeedWorker
import Synchronization

/// A regenerator for tests: records every call, fails chosen users, can be slow.
final class RecordingRegenerator: FeedRegenerating {
    typealias Model = String

    struct Call: Sendable {
        var users: [UserID]
        var modelVersion: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let failing: Set<UserID>
    let delay: Duration?
    private let state = Mutex<[Call]>([])

    init(failing: Set<UserID> = [], delay: Duration? = nil) {
        self.failing = failing
        self.delay = delay
    }

    var calls: [Call] { state.withLock { $0 } }

    /// How many times each user was regenerated.
    var counts: [UserID: Int] {
        var counts: [UserID: Int] = [:]
        for call in calls { for user in call.users { counts[user, default: 0] += 1 } }
        return counts
    }

    func regenerate(users: [UserID], model: VersionedModel<String>, now: Double) async -> [Result<RegenerationOutcome, any Error>] {
        state.withLock { $0.append(Call(users: users, modelVersion: model.version)) }
        if let delay { try? await Task.sleep(for: delay) }
        return users.map { user in
            if failing.contains(user) { return .failure(Failure(description: "cannot rank user \(user)")) }
            return .success(RegenerationOutcome(
                generationID: GenerationID(user.rawValue), itemCount: 10, candidatesBySource: [.popular: 4, .followedNew: 6]))
        }
    }
}

/// A model source whose version the test changes.
final class TestModels: Sendable {
    private let version = Mutex("v1")

    func publish(_ new: String) { version.withLock { $0 = new } }

    func watcher() -> ModelWatcher<String> {
        ModelWatcher(logger: quietLogger) { [self] known in
            let current = version.withLock { $0 }
            return current == known ? nil : VersionedModel(version: current, model: "model \(current)")
        }
    }
}
