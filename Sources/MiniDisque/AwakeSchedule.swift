/// When each job needs attention next (requeue, expiry). Disque keeps a
/// skiplist it updates in place; here a changed time just pushes a new entry
/// and stale ones are skipped on the way out, which keeps ADDJOB at one
/// O(log n) push.
struct AwakeSchedule {
    private struct Wake: LazyHeapEntry {
        var at: Int64
        var job: Job
        func precedes(_ other: Wake) -> Bool { at < other.at }
        /// Stale once the job is gone or was moved to another time.
        var isLive: Bool { job.registered && job.awakeme == at }
    }

    private var heap = LazyMinHeap<Wake>()

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    /// Moves `job` to wake at `at` (ms).
    mutating func schedule(_ job: Job, at: Int64) {
        guard job.awakeme != at else { return }
        job.awakeme = at
        heap.push(Wake(at: at, job: job))
    }

    /// Earliest live wake-up time, dropping stale entries on the way.
    mutating func nextTime() -> Int64? { heap.nextTime() }

    /// The next job due at or before `now`, removed from the schedule.
    mutating func popDue(now: Int64) -> Job? {
        guard let due = heap.popDue(now: now) else { return nil }
        due.job.awakeme = 0
        return due.job
    }

    /// Rebuilds without stale entries when they outnumber live jobs.
    mutating func compactIfNeeded(liveJobs: Int) { heap.compactIfNeeded(live: liveJobs) }

    mutating func removeAll() { heap.removeAll() }
}
