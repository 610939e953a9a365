/// A binary max-heap of reranker entries, ordered by key, then by rank (earlier rank first).
struct ScoreHeap {
    struct Entry {
        /// The penalized score when the entry was computed.
        var key: Float
        /// Rank (in raw-score order) of the item the key was computed for.
        var rank: Int32
        /// The (author, media type) bucket the item belongs to.
        var bucket: Int32
        /// The author's repeat count the key was computed with.
        var repeats: Int32

        @inline(__always)
        func outranks(_ other: Entry) -> Bool {
            key > other.key || (key == other.key && rank < other.rank)
        }
    }

    private(set) var entries: [Entry] = []

    var top: Entry? { entries.first }
    var isEmpty: Bool { entries.isEmpty }

    mutating func reserve(_ count: Int) { entries.reserveCapacity(count) }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        siftUp(entries.count - 1)
    }

    mutating func popTop() {
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            siftDown(0)
        }
    }

    /// Replaces the top entry by one that ranks no higher, and restores the heap.
    mutating func replaceTop(_ entry: Entry) {
        entries[0] = entry
        siftDown(0)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let entry = entries[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard entry.outranks(entries[parent]) else { break }
            entries[child] = entries[parent]
            child = parent
        }
        entries[child] = entry
    }

    private mutating func siftDown(_ start: Int) {
        let count = entries.count
        var parent = start
        let entry = entries[parent]
        while true {
            var child = 2 * parent + 1
            guard child < count else { break }
            if child + 1 < count, entries[child + 1].outranks(entries[child]) { child += 1 }
            guard entries[child].outranks(entry) else { break }
            entries[parent] = entries[child]
            parent = child
        }
        entries[parent] = entry
    }
}
