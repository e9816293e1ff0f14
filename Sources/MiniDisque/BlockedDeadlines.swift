/// GETJOB TIMEOUT deadlines of blocked clients, in a heap, so the loop finds
/// the next one (and the expired ones) without visiting every blocked client
/// on every turn. A client served or gone before its deadline leaves a stale
/// entry behind, recognised by its block token and skipped.
struct BlockedDeadlines {
    private struct Deadline: LazyHeapEntry {
        var at: Int64
        /// The `BlockedGetJob.token` of the block this deadline belongs to; ties go to the earlier block.
        var token: UInt64
        var client: ClientConnection

        func precedes(_ other: Deadline) -> Bool {
            at != other.at ? at < other.at : token < other.token
        }
        var isLive: Bool { !client.closed && client.blocked?.token == token }
    }

    private var heap = LazyMinHeap<Deadline>()

    mutating func add(_ client: ClientConnection, at: Int64, token: UInt64) {
        heap.push(Deadline(at: at, token: token, client: client))
    }

    /// The earliest deadline still waited on.
    mutating func next() -> Int64? { heap.nextTime() }

    /// A client whose deadline is at or before `now`, removed from the heap.
    mutating func popExpired(now: Int64) -> ClientConnection? { heap.popDue(now: now)?.client }

    /// Drops stale entries once they outnumber the blocked clients.
    mutating func compactIfNeeded(blocked: Int) { heap.compactIfNeeded(live: blocked) }

    mutating func removeAll() { heap.removeAll() }
}
