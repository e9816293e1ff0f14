import Disque

/// The jobs `--jobs` acts on: every JSCAN page (IDs only, so a page never holds
/// bodies) for the queue and states asked, on every node given — each ID once,
/// on the first node that reported it (see `forEachPage`).
struct JobSelection {
    var options: DisqueConnectionOptions
    /// Every node named; with one, the node is asked directly.
    var seeds: [DisqueEndpoint]
    var queue: String?
    var states: [JobState]

    static let pageSize = 200

    func nodes() -> [DisqueEndpoint] { NodeDiscovery.endpoints(options: options, seeds: seeds) }

    /// Calls `body` with each page of IDs, node by node, on that node's
    /// connection (where the job's data is). Returns the number of IDs seen.
    /// `everyCopy`: every node's copy of a replicated job (to delete it on each), not just the first.
    func forEachPage(everyCopy: Bool = false,
                     _ body: (DisqueConnection, [JobID]) throws(DisqueError) -> Void) throws(DisqueError) {
        // Across nodes a replicated job shows up on each: remember the IDs. On
        // one node JSCAN names each job once (short of a rehash mid-scan), and
        // not keeping them is what keeps an export's memory flat.
        let nodes = nodes()
        var seen: Set<JobID> = []
        for endpoint in nodes {
            var linkOptions = options
            linkOptions.endpoint = endpoint
            let connection = try DisqueConnection(options: linkOptions)
            defer { connection.close() }
            var cursor = "0"
            repeat {
                let page = try connection.jscan(cursor: cursor, count: Self.pageSize, queue: queue, states: states)
                let fresh = nodes.count > 1 && !everyCopy ? page.items.filter { seen.insert($0).inserted } : page.items
                if !fresh.isEmpty { try body(connection, fresh) }
                cursor = page.cursor
            } while cursor != "0"
        }
    }
}

/// Every node of the cluster the seeds belong to: the seeds, plus every other
/// node their HELLO lists. One seed is taken as one node, as everywhere else.
enum NodeDiscovery {
    static func endpoints(options: DisqueConnectionOptions, seeds: [DisqueEndpoint]) -> [DisqueEndpoint] {
        guard seeds.count > 1 else { return seeds }
        var all = seeds
        if let (table, _) = try? ClusterSurvey(options: options, seeds: seeds, current: nil).table() {
            for node in table.nodes where !all.contains(node.endpoint) { all.append(node.endpoint) }
        }
        return all
    }
}
