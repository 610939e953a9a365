/// A min-heap of (deadline, key): what falls due when the watermark moves, without scanning
/// everything the join holds. Derived state: rebuilt from `JoinState`'s contents on decoding, so
/// its layout never affects output (due keys are re-sorted before use).
struct DeadlineQueue<Key: Comparable & Sendable>: Sendable {
    private var heap: [(deadline: Int64, key: Key)] = []

    var count: Int { heap.count }

    mutating func push(_ deadline: Int64, _ key: Key) {
        heap.append((deadline, key))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns every key whose deadline is `≤ time`.
    mutating func popDue(upTo time: Int64) -> [Key] {
        var due: [Key] = []
        while let first = heap.first, first.deadline <= time {
            due.append(first.key)
            let last = heap.removeLast()
            guard !heap.isEmpty else { break }
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, Self.less(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, Self.less(heap[right], heap[smallest]) { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return due
    }

    /// Every key with a deadline `≤ time`, without removing them.
    func peekDue(upTo time: Int64) -> [Key] {
        heap.filter { $0.deadline <= time }.map(\.key)
    }

    private static func less(_ a: (deadline: Int64, key: Key), _ b: (deadline: Int64, key: Key)) -> Bool {
        (a.deadline, a.key) < (b.deadline, b.key)
    }
}
