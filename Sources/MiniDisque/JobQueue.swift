/// Jobs of one queue, oldest ctime first, like Disque's per-queue skiplist.
/// New jobs almost always go at the tail and GETJOB pops the head, so a
/// sorted array with a moving head does both in O(1); requeued (older) jobs
/// are placed by binary search.
struct SortedJobs {
    private var items: [Job] = []
    private var head = 0

    var count: Int { items.count - head }
    var isEmpty: Bool { head == items.count }

    mutating func insert(_ job: Job) {
        if isEmpty {
            items.removeAll(keepingCapacity: true)
            head = 0
            items.append(job)
        } else if job.ctime > items[items.count - 1].ctime {
            items.append(job)
        } else if head > 0 && job.ctime < items[head].ctime {
            head -= 1
            items[head] = job
        } else {
            items.insert(job, at: position(of: job.ctime))
        }
    }

    mutating func popFirst() -> Job? {
        guard !isEmpty else { return nil }
        let job = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 4096 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return job
    }

    @discardableResult
    mutating func remove(_ job: Job) -> Bool {
        let index = position(of: job.ctime)
        guard index < items.count, items[index] === job else { return false }
        if index == head {
            _ = popFirst()
        } else {
            items.remove(at: index)
        }
        return true
    }

    /// Up to `limit` jobs from the oldest, or from the newest when `newestFirst`.
    func peek(_ limit: Int, newestFirst: Bool) -> [Job] {
        let n = min(limit, count)
        if n <= 0 { return [] }
        if newestFirst { return Array(items[(items.count - n)...].reversed()) }
        return Array(items[head..<(head + n)])
    }

    var all: ArraySlice<Job> { items[head...] }

    /// First index at or after head whose ctime is ≥ `ctime`.
    private func position(of ctime: Int64) -> Int {
        var low = head, high = items.count
        while low < high {
            let mid = (low + high) / 2
            if items[mid].ctime < ctime { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// A named queue: its jobs, pause state, counters and the clients blocked on it.
final class JobQueue {
    let name: [UInt8]
    var jobs = SortedJobs()
    var pausedIn = false
    var pausedOut = false
    /// Creation and last access, Unix seconds (QSTAT age / idle, idle-queue GC).
    let ctime: Int64
    var atime: Int64
    var jobsIn: Int64 = 0
    var jobsOut: Int64 = 0
    /// GETJOB clients waiting here, in arrival order: the first one is served first.
    var blockedClients: [ClientConnection] = []
    var scanSequence: UInt64 = 0

    init(name: [UInt8], now: Int64) {
        self.name = name
        ctime = now
        atime = now
    }

    var pauseState: String {
        switch (pausedIn, pausedOut) {
        case (true, true): return "all"
        case (true, false): return "in"
        case (false, true): return "out"
        case (false, false): return "none"
        }
    }
}
