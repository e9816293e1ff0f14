/// Which nodes this client has seen holding a job: the node GETJOB or QPEEK
/// delivered it from, the nodes SHOW lists as having a copy. Used when the
/// job's creator cannot be used — a leaving creator may never have held a copy
/// (a leaving node replicates new jobs elsewhere only), and an ACKJOB sent to
/// a leaving non-holder answers 0 and is lost.
///
/// Bounded: the oldest entries are forgotten first, so a long-running consumer
/// does not grow without limit. Forgetting only costs a less precise route.
public struct JobHolders: Sendable {
    public let capacity: Int
    private var holders: [JobID: [String]] = [:]
    /// Insertion order, for eviction; `head` is the oldest live slot.
    private var order: [JobID] = []
    private var head = 0

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { holders.count }

    /// The nodes known to hold `id`, most recently seen first.
    public func nodes(holding id: JobID) -> [String] { holders[id] ?? [] }

    public mutating func record(_ id: JobID, heldBy node: String) {
        record(id, heldBy: [node])
    }

    public mutating func record(_ id: JobID, heldBy nodes: [String]) {
        guard !nodes.isEmpty else { return }
        if var known = holders[id] {
            known.removeAll { nodes.contains($0) }
            holders[id] = nodes + known
            return
        }
        holders[id] = nodes
        order.append(id)
        while holders.count > capacity, head < order.count {
            holders[order[head]] = nil
            head += 1
        }
        if head > capacity {  // compact the eviction list now and then
            order.removeFirst(head)
            head = 0
        }
    }

    /// After an ACK or DELJOB the job is on its way out: no need to route to it again.
    public mutating func forget(_ id: JobID) {
        holders[id] = nil
    }
}
