import Disque

/// The cluster views (`--nodes`, `--queue NAME`, and the shell's `nodes` and
/// `queue`): HELLO from the first node that answers, then each node asked in
/// turn on a short-lived link of its own with short timeouts, so one dead node
/// costs a connect timeout and never hangs the view.
///
/// Named so they never shadow a Disque command: Disque has HELLO, CLUSTER
/// NODES, QSTAT, but no NODES or QUEUE.
struct ClusterSurvey {
    /// How one node stands, in words: HELLO's priority 1 / 5 / 10 / 100, and
    /// for 100 whether the node still answers (leaving) or not (failed).
    enum State: String, Sendable {
        case ok, noLink = "no link", suspected, failed, leaving, unreachable
    }

    struct NodeRow {
        var node: ClusterNode
        var state: State
        /// registered_jobs, registered_queues, connected_clients, used_memory_human; nil when unreachable.
        var figures: (jobs: Int, queues: Int, clients: Int, memory: String)?
        /// Why the node could not be asked.
        var problem: String?
        /// The node this client is on (the shell's current node, or the one that answered HELLO).
        var isCurrent: Bool
    }

    struct QueueRow {
        var node: ClusterNode
        var state: State
        var length: Int?
        /// Nil when the node does not know the queue (or could not be asked).
        var stats: QueueStats?
        var problem: String?
    }

    /// A template for every link: password, connect timeout.
    var options: DisqueConnectionOptions
    /// Where to ask HELLO, in order (the shell's current node first).
    var seeds: [DisqueEndpoint]
    /// The node to mark as current; nil marks the one that answered HELLO.
    var current: DisqueEndpoint?

    /// The node table, or why no node gave one.
    func table() throws(DisqueError) -> (table: NodeTable, answeredBy: DisqueEndpoint) {
        var lastError = DisqueError.connection(ConnectionFailure(.notConnected, "No node given"))
        for seed in seeds {
            do throws(DisqueError) {
                let connection = try DisqueConnection(options: linkOptions(seed))
                defer { connection.close() }
                let hello = try connection.hello()
                return (NodeTable(hello: hello, askedAt: seed), seed)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    func nodeRows() throws(DisqueError) -> [NodeRow] {
        let (table, answeredBy) = try table()
        let here = current ?? answeredBy
        return table.nodes.map { node in
            var row = NodeRow(node: node, state: .unreachable, figures: nil, problem: nil, isCurrent: node.endpoint == here)
            ask(node) { connection throws(DisqueError) in
                let info = DisqueConnection.parseInfo(try connection.info())
                func field(_ name: String) -> String? {
                    info.values.lazy.compactMap { $0[name] }.first
                }
                row.figures = (Int(field("registered_jobs") ?? "") ?? 0, Int(field("registered_queues") ?? "") ?? 0,
                               Int(field("connected_clients") ?? "") ?? 0, field("used_memory_human") ?? "?")
                row.state = Self.state(priority: node.priority, answers: true, selfPriority: try Self.selfPriority(connection))
            } failed: { problem in
                row.problem = problem
                row.state = Self.state(priority: node.priority, answers: false, selfPriority: nil)
            }
            if case .tcp(let host, let port) = node.endpoint, host.isEmpty || port <= 0 { row.state = .unreachable }
            return row
        }
    }

    func queueRows(_ queue: String) throws(DisqueError) -> [QueueRow] {
        let (table, _) = try table()
        return table.nodes.map { node in
            var row = QueueRow(node: node, state: .unreachable)
            ask(node) { connection throws(DisqueError) in
                row.length = try connection.qlen(queue)
                row.stats = try connection.qstat(queue)
                row.state = Self.state(priority: node.priority, answers: true, selfPriority: try Self.selfPriority(connection))
            } failed: { problem in
                row.problem = problem
                row.state = Self.state(priority: node.priority, answers: false, selfPriority: nil)
            }
            return row
        }
    }

    /// HELLO's priority 100 means "failed or leaving"; a leaving node still
    /// answers, and rates itself 100 in its own HELLO.
    static func state(priority: Int, answers: Bool, selfPriority: Int?) -> State {
        switch priority {
        case ...1: return answers && (selfPriority ?? 1) >= 100 ? .leaving : .ok
        case ...5: return .noLink
        case ...10: return .suspected
        default: return answers && (selfPriority ?? 100) >= 100 ? .leaving : .failed
        }
    }

    private static func selfPriority(_ connection: DisqueConnection) throws(DisqueError) -> Int? {
        try connection.hello().myself?.priority
    }

    private func ask(_ node: ClusterNode, _ body: (DisqueConnection) throws(DisqueError) -> Void,
                     failed: (String) -> Void) {
        if case .tcp(let host, let port) = node.endpoint, host.isEmpty || port <= 0 {
            failed("no address (the node is gone)")
            return
        }
        do throws(DisqueError) {
            let connection = try DisqueConnection(options: linkOptions(node.endpoint))
            defer { connection.close() }
            try body(connection)
        } catch {
            failed(error.description)
        }
    }

    private func linkOptions(_ endpoint: DisqueEndpoint) -> DisqueConnectionOptions {
        var link = options
        link.endpoint = endpoint
        link.connectTimeout = min(options.connectTimeout, .seconds(1))
        link.readTimeout = .seconds(2)
        link.writeTimeout = .seconds(2)
        link.reconnect = false
        return link
    }
}

extension ClusterSurvey.QueueRow {
    init(node: ClusterNode, state: ClusterSurvey.State) {
        self.init(node: node, state: state, length: nil, stats: nil, problem: nil)
    }
}
