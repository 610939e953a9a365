import FeedCore

extension Joiner {
    /// One impression that closes by a time, with the items whose row the advance may emit.
    public struct FeatureNeed: Sendable, Hashable {
        /// The closing impression.
        public var impression: ImpressionRecord
        /// Its items that may become rows (page order).
        public var items: [ImpressedItem]
    }

    /// The impressions whose window closes when the watermark reaches `time` (emission order), each
    /// with the items whose feature vector the advance may look up: those the negative sampler
    /// keeps, those already labelled positive, and those a pending action of the same user names
    /// (it may turn positive during the advance). A superset of what the advance reads, so a
    /// caller can prefetch only these vectors — with downsampling at rate `w`, about `w` of the
    /// negatives — without ever making a row "missing".
    public func featureNeeds(closingBy time: Int64) -> [FeatureNeed] {
        let sampler = state.configuration.sampler
        var pending: [UserID: Set<PostID>] = [:]
        for action in state.pending { pending[action.user, default: []].insert(action.post) }
        return impressionsClosing(by: time).map { impression in
            let labels = state.open[impression.requestID]?.labels ?? []
            let touched = pending[impression.user] ?? []
            let items = impression.items.enumerated().filter { index, item in
                sampler.keeps(request: impression.requestID, post: item.post)
                    || (index < labels.count && labels[index].hasPositive) || touched.contains(item.post)
            }.map(\.element)
            return FeatureNeed(impression: impression, items: items)
        }
    }
}
