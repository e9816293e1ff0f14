import RESP

/// A blocking client for a Disque cluster: one `DisqueConnection` per node
/// as needed, commands routed by `ClusterRouter`, failures judged by
/// `RetryPolicy`. Synchronous, like DisqueConnection: one thread at a time.
///
/// ADDJOB goes to the producer node and GETJOB to the consumer node (both
/// start on the seed that answered); a command naming jobs goes to the node
/// that created them, or one seen holding them. On -LEAVING, a priority of 10
/// or 100 in HELLO, or a dead link, the client asks HELLO again and moves to
/// another node — a move `onMove` reports. A command is sent to a second node
/// only when it never ran or cannot change state: anything that may have run
/// is reported (`.notSentMayHaveReachedServer`, `NOREPL Timeout…`), never repeated.
public final class DisqueCluster {
    public let options: DisqueClusterOptions
    /// Told of every change of node, e.g. "127.0.0.1:7711 is leaving; now on 127.0.0.1:7712".
    public var onMove: ((ClusterMove) -> Void)?
    /// Sees every command and reply, with the node it went to.
    public var echo: ((ClusterNode, EchoEvent) -> Void)? {
        didSet { for (id, connection) in connections { hookEcho(connection, id) } }
    }
    /// As DisqueConnection's: readable means "stop waiting"; the call throws `.interrupted`.
    public var interruptDescriptor: Int32? {
        didSet { for connection in connections.values { connection.interruptDescriptor = interruptDescriptor } }
    }

    /// The routing state: node table, roles, job holders, locality window.
    public internal(set) var router: ClusterRouter
    var connections: [String: DisqueConnection] = [:]
    /// Addresses nodes were actually reached at, preferred over HELLO's.
    private var reached: [String: DisqueEndpoint] = [:]

    /// Connects to a random seed, trying each until one answers HELLO.
    public init(options: DisqueClusterOptions, interruptDescriptor: Int32? = nil) throws(DisqueError) {
        self.options = options
        self.interruptDescriptor = interruptDescriptor
        let (connection, hello, endpoint) = try Self.discover(options.seeds, options, interruptDescriptor)
        let table = NodeTable(hello: hello, askedAt: endpoint)
        router = ClusterRouter(table: table, startingAt: hello.myID, options: options.routerOptions, at: .now)
        connections[hello.myID] = connection
        reached[hello.myID] = endpoint
    }

    deinit { close() }

    /// The table from the last HELLO, with this client's own marks.
    public var nodes: NodeTable { router.table }
    /// Where GETJOB and commands about no job in particular go.
    public var currentNode: ClusterNode? { router.node(for: .consumer) }
    /// Where ADDJOB goes.
    public var producerNode: ClusterNode? { router.node(for: .producer) }

    /// Closes every link. A later command connects again.
    public func close() {
        for connection in connections.values { connection.close() }
        connections.removeAll()
    }

    // MARK: - Dispatch

    /// Runs `body` on the first node of `choice` that works, applying the
    /// retry policy: moves off failing nodes, and re-sends only what it allows.
    /// `role`, when given, follows the command to the node that served it.
    func dispatch<T>(_ command: String, isIdempotent: Bool, role: NodeRole?,
                     choice: NodeChoice,
                     _ body: (DisqueConnection, String) throws(DisqueError) -> T) throws(DisqueError) -> T {
        if router.helloIsDue(at: .now) { refreshHello() }
        var budget = RetryBudget(maxAttempts: max(1, router.table.nodes.count))
        var tried: [String] = []
        var leftBecause: MoveReason?
        var lastError: DisqueError?
        var rediscovered = false
        while true {
            guard let node = router.next(choice, excluding: tried, at: .now) else {
                // Every known node is set aside: look again from the seeds, once.
                if !rediscovered {
                    rediscovered = true
                    if rediscover() { continue }
                }
                throw lastError ?? .connection(ConnectionFailure(.refused, "No Disque node is reachable for \(command)"
                    + " (tried \(tried.count) of \(router.table.nodes.count) known)"))
            }
            tried.append(node)
            do {
                let result = try body(try connection(to: node), node)
                router.answered(by: node)
                if let role, let move = router.settle(role, on: node, reason: leftBecause ?? .degraded(priority: nil)) {
                    report([move])
                }
                return result
            } catch {
                let verdict = RetryPolicy.verdict(for: error, command: command, isIdempotent: isIdempotent)
                guard let reason = verdict.moveReason else {
                    if case .reply = error { router.answered(by: node) }
                    throw error
                }
                report(router.failed(on: node, reason: reason, at: .now))
                refreshHello()
                guard budget.allowsAnother(after: verdict) else { throw error }
                leftBecause = leftBecause ?? reason
                lastError = error
            }
        }
    }

    /// The connection to a node, made on first use.
    func connection(to id: String) throws(DisqueError) -> DisqueConnection {
        if let connection = connections[id] { return connection }
        guard let node = router.table.node(id: id) else {
            throw .connection(ConnectionFailure(.notConnected, "Node \(id) is not in the cluster table"))
        }
        let connection = try DisqueConnection(options: options.connectionOptions(for: node.endpoint),
                                              interruptDescriptor: interruptDescriptor)
        hookEcho(connection, id)
        connections[id] = connection
        reached[id] = node.endpoint
        return connection
    }

    func report(_ moves: [ClusterMove]) {
        guard let onMove else { return }
        for move in moves { onMove(move) }
    }

    private func hookEcho(_ connection: DisqueConnection, _ id: String) {
        guard let echo, let node = router.table.node(id: id) else { connection.echo = nil; return }
        connection.echo = { echo(node, $0) }
    }

    // MARK: - HELLO

    /// Asks HELLO of the nodes fit for work (the current one first) until one
    /// answers, and adopts its table; roles on nodes no longer fit move.
    @discardableResult
    func refreshHello() -> Hello? {
        for node in router.candidates(for: .consumer, at: .now).prefix(3) {
            do {
                let connection = try connection(to: node)
                let hello = try connection.hello()
                router.answered(by: node)
                adopt(hello, askedAt: connection.options.endpoint)
                return hello
            } catch {
                if case .reply = error { continue }  // NOAUTH or the like: that node's problem
                let failure = error.connectionFailure ?? ConnectionFailure(.failed, error.description)
                report(router.failed(on: node, reason: .unreachable(failure), at: .now))
            }
        }
        router.helloFailed(at: .now)
        return nil
    }

    func adopt(_ hello: Hello, askedAt endpoint: DisqueEndpoint) {
        let table = NodeTable(hello: hello, askedAt: endpoint, known: reached)
        report(router.adopt(table, at: .now))
        // Links to nodes that left the table are of no more use.
        for id in connections.keys where table.node(id: id) == nil {
            connections.removeValue(forKey: id)?.close()
            reached[id] = nil
        }
    }

    /// Starts over from the seeds and every address nodes were reached at.
    private func rediscover() -> Bool {
        var endpoints = options.seeds
        for endpoint in reached.values where !endpoints.contains(endpoint) { endpoints.append(endpoint) }
        guard let (connection, hello, endpoint) = try? Self.discover(endpoints, options, interruptDescriptor) else {
            return false
        }
        connections.removeValue(forKey: hello.myID)?.close()
        connections[hello.myID] = connection
        hookEcho(connection, hello.myID)
        reached[hello.myID] = endpoint
        router.answered(by: hello.myID)
        adopt(hello, askedAt: endpoint)
        return true
    }

    /// The first of `endpoints` (in random order) that connects and answers HELLO.
    private static func discover(_ endpoints: [DisqueEndpoint], _ options: DisqueClusterOptions,
                                 _ interrupt: Int32?) throws(DisqueError) -> (DisqueConnection, Hello, DisqueEndpoint) {
        var lastError = DisqueError.connection(ConnectionFailure(.notConnected, "No seed nodes given"))
        for endpoint in endpoints.shuffled() {
            do throws(DisqueError) {
                let connection = try DisqueConnection(options: options.connectionOptions(for: endpoint),
                                                      interruptDescriptor: interrupt)
                do throws(DisqueError) {
                    return (connection, try connection.hello(), endpoint)
                } catch {
                    connection.close()
                    throw error
                }
            } catch {
                if case .interrupted = error { throw error }
                lastError = error
            }
        }
        throw lastError
    }
}

/// Opens a cluster client, runs `body` with it and closes it, whatever happens.
public func withCluster<T>(_ options: DisqueClusterOptions, _ body: (DisqueCluster) throws -> T) throws -> T {
    let cluster = try DisqueCluster(options: options)
    defer { cluster.close() }
    return try body(cluster)
}
