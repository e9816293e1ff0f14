/// GETJOB TIMEOUT deadlines of blocked clients, as a binary min-heap, so the
/// loop finds the next one (and the expired ones) without visiting every
/// blocked client on every turn. A client served or gone before its deadline
/// leaves a stale entry behind, recognised by its block token and skipped.
struct BlockedDeadlines {
    private struct Entry {
        var at: Int64
        /// The `BlockedGetJob.token` of the block this deadline belongs to; ties go to the earlier block.
        var token: UInt64
        var client: ClientConnection

        func precedes(_ other: Entry) -> Bool {
            at != other.at ? at < other.at : token < other.token
        }
    }

    private var heap: [Entry] = []

    mutating func add(_ client: ClientConnection, at: Int64, token: UInt64) {
        heap.append(Entry(at: at, token: token, client: client))
        siftUp(heap.count - 1)
    }

    /// The earliest deadline still waited on.
    mutating func next() -> Int64? {
        while let top = heap.first {
            if isLive(top) { return top.at }
            popTop()
        }
        return nil
    }

    /// A client whose deadline is at or before `now`, removed from the heap.
    mutating func popExpired(now: Int64) -> ClientConnection? {
        while let top = heap.first {
            if !isLive(top) { popTop(); continue }
            guard top.at <= now else { return nil }
            popTop()
            return top.client
        }
        return nil
    }

    /// Drops stale entries once they outnumber the blocked clients.
    mutating func compactIfNeeded(blocked: Int) {
        guard heap.count > 2 * blocked + 1024 else { return }
        heap = heap.filter(isLive)
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    mutating func removeAll() { heap.removeAll() }

    private func isLive(_ entry: Entry) -> Bool {
        !entry.client.closed && entry.client.blocked?.token == entry.token
    }

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
