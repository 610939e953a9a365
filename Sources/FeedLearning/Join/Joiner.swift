import FeedCore

/// The impression–action join: pure, incremental and deterministic.
///
/// Feed it impressions and actions in stream order and advance the watermark (the promise that no
/// input timed before it is still to come). When the watermark reaches `servedAt + window`, an
/// impression's window closes and `advance(to:features:)` returns one `TrainingRow` per item, with
/// the features its generation logged and one label per action.
///
/// - An action is resolved once the watermark passes its time, so an impression that arrives a
///   little after its action (two streams merged) still gets it. It goes to the impression with its
///   request id when that contains the post, else to the user's latest impression of the post
///   served at or before the action (last touch).
/// - Attributed: the impression is open and `t < servedAt + window`. Late: the impression's window
///   had closed or the action falls after it. Orphan: no impression matches (impressions are
///   remembered `lateRetentionMillis` after closing; older ones make orphans).
/// - Duplicates count once: a client event id already seen, or a head action already set on the
///   item. `dwell` keeps the longest dwell.
/// - All-negative rows are kept with `NegativeSampler` (hash of request id and post), weight `1/w`.
///
/// The whole state is `state` (`JoinState`, `Codable`); `Joiner(restoring:)` resumes from it.
public struct Joiner: Sendable {
    /// Everything the join remembers; checkpoint it with the rows it produced.
    public private(set) var state: JoinState

    /// A new join.
    public init(configuration: JoinConfiguration) {
        state = JoinState(configuration: configuration)
    }

    /// Resumes from a checkpoint.
    public init(restoring state: JoinState) {
        self.state = state
    }

    /// The join's parameters.
    public var configuration: JoinConfiguration { state.configuration }
    /// Counts since the join started.
    public var counters: JoinCounters { state.counters }
    /// The current watermark (Unix ms).
    public var watermark: Int64 { state.watermark }

    /// Feeds one input; returns the rows it emits (only watermarks emit rows).
    public mutating func process(_ event: JoinEvent, features: some FeatureLogLookup) -> [TrainingRow] {
        switch event {
        case .impression(let impression):
            add(impression)
            return []
        case .action(let action):
            add(action)
            return []
        case .watermark(let time):
            return advance(to: time, features: features)
        }
    }

    /// Adds a served page. A request id already joined is counted as a duplicate impression.
    public mutating func add(_ impression: ImpressionRecord) {
        let id = impression.requestID
        guard state.open[id] == nil, state.closed[id] == nil else {
            state.counters.duplicateImpressions += 1
            return
        }
        state.open[id] = JoinState.OpenImpression(
            impression: impression, labels: Array(repeating: ActionLabels(), count: impression.items.count))
        state.impressionsByUser[impression.user, default: []].insert(id)
        state.closeQueue.push(impression.servedAt + state.configuration.windowMillis, id)
        state.counters.impressions += 1
        state.counters.impressedItems += impression.items.count
    }

    /// Adds an action: dropped if its client event id was seen, resolved now if the watermark has
    /// passed its time, else when it does.
    public mutating func add(_ action: ActionRecord) {
        state.counters.actions += 1
        guard state.seenEvents[action.clientEventID] == nil else {
            state.counters.duplicates += 1
            return
        }
        let configuration = state.configuration
        let forgetAt = max(action.time, state.watermark) + configuration.windowMillis + configuration.lateRetentionMillis
        state.seenEvents[action.clientEventID] = forgetAt
        state.eventQueue.push(forgetAt, action.clientEventID)
        if action.time < state.watermark {
            resolve(action)
        } else {
            state.pending.append(action)
        }
    }

    /// Moves the watermark to `time` (never backwards), resolves the actions before it, and emits
    /// the rows of every impression whose window closed, in (served time, request id, page) order.
    public mutating func advance(to time: Int64, features: some FeatureLogLookup) -> [TrainingRow] {
        state.watermark = max(state.watermark, time)
        let watermark = state.watermark
        if !state.pending.isEmpty {
            var waiting: [ActionRecord] = []
            for action in state.pending {
                if action.time < watermark { resolve(action) } else { waiting.append(action) }
            }
            state.pending = waiting
        }
        var rows: [TrainingRow] = []
        let due = state.closeQueue.popDue(upTo: watermark).compactMap { state.open[$0] }
        for entry in Self.emissionOrder(due) {
            emitRows(of: entry, features: features, into: &rows)
            let impression = entry.impression
            let forgetAt = impression.servedAt + state.configuration.windowMillis + state.configuration.lateRetentionMillis
            state.open[impression.requestID] = nil
            state.closed[impression.requestID] = JoinState.ClosedImpression(
                requestID: impression.requestID, user: impression.user, servedAt: impression.servedAt,
                posts: impression.items.map(\.post), forgetAt: forgetAt)
            state.forgetQueue.push(forgetAt, impression.requestID)
        }
        forget(before: watermark)
        return rows
    }

    /// The impressions whose window closes when the watermark reaches `time` (to prefetch their
    /// generations' feature logs), in emission order.
    public func impressionsClosing(by time: Int64) -> [ImpressionRecord] {
        let due = state.closeQueue.peekDue(upTo: max(time, state.watermark)).compactMap { state.open[$0] }
        return Self.emissionOrder(due).map(\.impression)
    }

    private static func emissionOrder(_ entries: [JoinState.OpenImpression]) -> [JoinState.OpenImpression] {
        entries.sorted { ($0.impression.servedAt, $0.impression.requestID) < ($1.impression.servedAt, $1.impression.requestID) }
    }

    private mutating func emitRows(
        of entry: JoinState.OpenImpression, features: some FeatureLogLookup, into rows: inout [TrainingRow]
    ) {
        let impression = entry.impression
        let sampler = state.configuration.sampler
        for (index, item) in impression.items.enumerated() {
            let labels = entry.labels[index]
            let positive = labels.hasPositive
            guard positive || sampler.keeps(request: impression.requestID, post: item.post) else {
                state.counters.negativesDropped += 1
                continue
            }
            guard let vector = features.features(user: impression.user, generation: impression.generation, item: item),
                vector.count == state.configuration.featureCount
            else {
                state.counters.missingFeatures += 1
                continue
            }
            rows.append(
                TrainingRow(
                    requestID: impression.requestID, user: impression.user, generation: impression.generation,
                    modelVersion: impression.modelVersion, post: item.post, position: item.position,
                    servedAt: impression.servedAt, features: vector, labels: labels,
                    weight: positive ? 1 : sampler.weight))
            state.counters.rowsEmitted += 1
            state.counters.positives.add(labels)
        }
    }

    /// Where an action goes.
    private enum Match {
        case open(RequestID, item: Int)
        case closed
        case none
    }

    private mutating func resolve(_ action: ActionRecord) {
        switch match(action) {
        case .none:
            state.counters.orphans += 1
        case .closed:
            state.counters.late += 1
        case .open(let id, let item):
            guard let entry = state.open[id] else { return }
            guard action.time < entry.impression.servedAt + state.configuration.windowMillis else {
                state.counters.late += 1
                return
            }
            var labels = entry.labels[item]
            if action.action == .dwell {
                labels.dwellMillis = max(labels.dwellMillis, action.dwellMillis)
            } else if labels[action.action] {
                state.counters.duplicates += 1
                return
            } else {
                labels[action.action] = true
            }
            state.open[id]!.labels[item] = labels
            state.counters.attributed += 1
        }
    }

    private func match(_ action: ActionRecord) -> Match {
        if let id = action.requestID {
            if let entry = state.open[id], entry.impression.user == action.user,
                let item = entry.impression.items.firstIndex(where: { $0.post == action.post })
            {
                return .open(id, item: item)
            }
            if let entry = state.closed[id], entry.user == action.user, entry.posts.contains(action.post) {
                return .closed
            }
        }
        // Last touch: the user's latest impression of the post served at or before the action.
        var best: (servedAt: Int64, id: RequestID, match: Match)?
        for id in state.impressionsByUser[action.user] ?? [] {
            let candidate: (servedAt: Int64, match: Match)
            if let entry = state.open[id] {
                guard let item = entry.impression.items.firstIndex(where: { $0.post == action.post }) else { continue }
                candidate = (entry.impression.servedAt, .open(id, item: item))
            } else if let entry = state.closed[id], entry.posts.contains(action.post) {
                candidate = (entry.servedAt, .closed)
            } else {
                continue
            }
            guard candidate.servedAt <= action.time else { continue }
            if let current = best, (current.servedAt, current.id) >= (candidate.servedAt, id) { continue }
            best = (candidate.servedAt, id, candidate.match)
        }
        return best?.match ?? .none
    }

    /// Drops closed impressions and event ids whose retention ended.
    private mutating func forget(before watermark: Int64) {
        for id in state.forgetQueue.popDue(upTo: watermark) {
            guard let entry = state.closed.removeValue(forKey: id) else { continue }
            state.impressionsByUser[entry.user]?.remove(id)
            if state.impressionsByUser[entry.user]?.isEmpty == true { state.impressionsByUser[entry.user] = nil }
        }
        for id in state.eventQueue.popDue(upTo: watermark) {
            if let forgetAt = state.seenEvents[id], forgetAt <= watermark { state.seenEvents[id] = nil }
        }
    }
}
