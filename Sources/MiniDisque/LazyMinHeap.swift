/// An entry of a `LazyMinHeap`: when it is due, how it orders against
/// another, and whether it still counts.
protocol LazyHeapEntry {
    var at: Int64 { get }
    func precedes(_ other: Self) -> Bool
    var isLive: Bool { get }
}

/// A binary min-heap whose entries go stale instead of being removed: a
/// changed time pushes a new entry, and stale ones are skipped (and dropped)
/// on the way out, so a push stays one O(log n) step. The node's two timers
/// use it: job wake-ups (`AwakeSchedule`) and GETJOB deadlines (`BlockedDeadlines`).
struct LazyMinHeap<Entry: LazyHeapEntry> {
    private var heap: [Entry] = []

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        siftUp(heap.count - 1)
    }

    /// The earliest live entry's time, dropping stale entries on the way.
    mutating func nextTime() -> Int64? {
        while let top = heap.first {
            if top.isLive { return top.at }
            popTop()
        }
        return nil
    }

    /// The next live entry due at or before `now`, removed from the heap.
    mutating func popDue(now: Int64) -> Entry? {
        while let top = heap.first {
            if !top.isLive { popTop(); continue }
            guard top.at <= now else { return nil }
            popTop()
            return top
        }
        return nil
    }

    /// Rebuilds without stale entries once they outnumber `live` by far.
    mutating func compactIfNeeded(live: Int) {
        guard heap.count > 2 * live + 1024 else { return }
        heap = heap.filter(\.isLive)
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    mutating func removeAll() { heap.removeAll() }

    private mutating func popTop() {
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let item = heap[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard item.precedes(heap[parent]) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = item
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let item = heap[parent]
        let n = heap.count
        while true {
            var child = 2 * parent + 1
            if child >= n { break }
            if child + 1 < n && heap[child + 1].precedes(heap[child]) { child += 1 }
            guard heap[child].precedes(item) else { break }
            heap[parent] = heap[child]
            parent = child
        }
        heap[parent] = item
    }
}
