/// When each job needs attention next (requeue, expiry), as a binary min-heap.
/// Disque keeps a skiplist it updates in place; here a changed time just
/// pushes a new entry and stale ones are skipped on the way out, which keeps
/// ADDJOB at one O(log n) push.
struct AwakeSchedule {
    private var heap: [(at: Int64, job: Job)] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    /// Moves `job` to wake at `at` (ms).
    mutating func schedule(_ job: Job, at: Int64) {
        guard job.awakeme != at else { return }
        job.awakeme = at
        heap.append((at, job))
        siftUp(heap.count - 1)
    }

    /// Earliest live wake-up time, dropping stale entries on the way.
    mutating func nextTime() -> Int64? {
        while let top = heap.first {
            if isLive(top) { return top.at }
            popTop()
        }
        return nil
    }

    /// The next job due at or before `now`, removed from the schedule.
    mutating func popDue(now: Int64) -> Job? {
        while let top = heap.first {
            if !isLive(top) { popTop(); continue }
            guard top.at <= now else { return nil }
            popTop()
            top.job.awakeme = 0
            return top.job
        }
        return nil
    }

    /// Rebuilds without stale entries when they outnumber live jobs.
    mutating func compactIfNeeded(liveJobs: Int) {
        guard heap.count > 2 * liveJobs + 1024 else { return }
        heap = heap.filter(isLive)
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    mutating func removeAll() { heap.removeAll() }

    private func isLive(_ entry: (at: Int64, job: Job)) -> Bool {
        entry.job.registered && entry.job.awakeme == entry.at
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
            guard item.at < heap[parent].at else { break }
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
            if child + 1 < n && heap[child + 1].at < heap[child].at { child += 1 }
            guard heap[child].at < item.at else { break }
            heap[parent] = heap[child]
            parent = child
        }
        heap[parent] = item
    }
}
