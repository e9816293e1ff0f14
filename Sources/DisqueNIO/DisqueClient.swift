import Disque
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// An asynchronous, pooled client for a Disque node or cluster. Sendable:
/// share one among all tasks. Its links live while `run()` runs — start it
/// in a task group or a ServiceGroup; when `run()` returns (cancelled, or
/// on graceful shutdown) every link is closed and later calls throw.
///
/// Routing, failover and the never-re-send rule are the sync DisqueCluster's,
/// from the same types: `ClusterRouter` picks nodes, `RetryPolicy` judges
/// failures, the command table says what is safe to repeat. ADDJOB goes to
/// the producer node, GETJOB to the consumer node, job-ID commands to the
/// nodes holding the jobs. Errors are `DisqueError`, or `CancellationError`
/// when the calling task is cancelled.
public final class DisqueClient: Sendable {
    public let seeds: [DisqueEndpoint]
    public let configuration: DisqueClientConfiguration
    public let logger: Logger
    let eventLoopGroup: any EventLoopGroup
    /// The loop every shared link lives on, and the one `taskExecutor` runs on.
    let homeLoop: any EventLoop
    /// Runs tasks on the event loop of the shared links: see `EventLoopTaskExecutor`.
    public let taskExecutor: EventLoopTaskExecutor
    let state = Mutex(ClusterState())

    struct ClusterState {
        var router: ClusterRouter?
        var pools: [String: NodePool] = [:]
        /// Addresses nodes were actually reached at, preferred over HELLO's.
        var reached: [String: DisqueEndpoint] = [:]
        /// The first HELLO, shared by every call that needs it.
        var discovery: Task<Void, any Error>?
        var shutDown = false
    }

    public init(nodes seeds: [DisqueEndpoint], configuration: DisqueClientConfiguration = DisqueClientConfiguration(),
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "disque")) {
        self.seeds = seeds
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        homeLoop = eventLoopGroup.next()
        taskExecutor = EventLoopTaskExecutor(eventLoop: homeLoop)
        self.logger = logger
    }

    /// `init(nodes:configuration:…)` with the password given directly.
    public convenience init(nodes seeds: [DisqueEndpoint], password: String?,
                            configuration: DisqueClientConfiguration = DisqueClientConfiguration(),
                            eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            logger: Logger = Logger(label: "disque")) {
        var configuration = configuration
        configuration.password = password
        self.init(nodes: seeds, configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
    }

    /// True once `run()` has returned: every call throws from then on.
    public var isShutDown: Bool { state.withLock { $0.shutDown } }

    /// The routing state (node table, roles, job holders), once a node answered HELLO.
    public var router: ClusterRouter? { state.withLock { $0.router } }

    /// Links open now, per node ID: shared ones, ones leased to blocking GETJOBs,
    /// and idle ones kept for the next GETJOB (closed after `idleBlockingTimeout`).
    public var openConnections: [String: (shared: Int, blocking: Int, idle: Int)] {
        state.withLock { $0.pools }.mapValues(\.connectionCount)
    }

    // MARK: - Discovery

    /// Finds the cluster on first use: the first seed (in random order) that
    /// answers HELLO. Concurrent first calls wait for the same discovery.
    func ensureDiscovered() async throws {
        let task: Task<Void, any Error>? = try state.withLock { state in
            if state.shutDown { throw DisqueError.connection(NodePool.shutDownFailure) }
            if state.router != nil { return nil }
            if let running = state.discovery { return running }
            let task = Task { _ = try await self.discover(from: self.seeds, fresh: true) }
            state.discovery = task
            return task
        }
        guard let task else { return }
        do {
            try await task.value
        } catch {
            state.withLock { if $0.discovery == task { $0.discovery = nil } }
            throw error
        }
    }

    /// Connects to `endpoints` in random order until one answers HELLO, and
    /// adopts its table (`fresh`: a new routing state); that link becomes the
    /// node's first shared link unless the node has a pool already.
    @discardableResult
    func discover(from endpoints: [DisqueEndpoint], fresh: Bool) async throws -> Bool {
        var lastError: any Error = DisqueError.connection(ConnectionFailure(.notConnected, "No seed nodes given"))
        for endpoint in endpoints.shuffled() {
            do {
                let connection = try await NodeConnection.connect(to: endpoint, settings: configuration.connection,
                                                                  on: homeLoop)
                let hello: Hello
                do {
                    let reply = try await connection.send([Array("HELLO".utf8)], name: "HELLO", isIdempotent: true,
                                                          wait: .standard)
                    if case .error(let line) = reply { throw DisqueError.reply(errorLine: line) }
                    hello = try Hello(reply: reply, command: "HELLO")
                } catch {
                    connection.close()
                    throw error
                }
                let moves = adopt(hello, askedAt: endpoint, seed: connection, fresh: fresh)
                report(moves)
                return true
            } catch {
                lastError = error
                logger.debug("seed did not answer HELLO", metadata: ["seed": "\(endpoint)", "error": "\(error)"])
            }
        }
        throw lastError
    }

    /// Takes a HELLO's table: the first one creates the router, later ones
    /// refresh it (roles on nodes no longer fit move). Pools of nodes that
    /// left the table are closed.
    func adopt(_ hello: Hello, askedAt endpoint: DisqueEndpoint, seed: NodeConnection? = nil,
               fresh: Bool = false) -> [ClusterMove] {
        let (moves, dropped, spare): ([ClusterMove], [NodePool], NodeConnection?) = state.withLock { state in
            if state.shutDown { return ([], [], seed) }
            let table = NodeTable(hello: hello, askedAt: endpoint, known: state.reached)
            state.reached[hello.myID] = endpoint
            var moves: [ClusterMove] = []
            if fresh || state.router == nil {
                state.router = ClusterRouter(table: table, startingAt: hello.myID,
                                             options: configuration.routerOptions, at: .now)
            } else {
                moves = state.router!.adopt(table, at: .now)
            }
            state.router!.answered(by: hello.myID)
            var spare = seed
            if let seed, state.pools[hello.myID] == nil {
                state.pools[hello.myID] = makePool(seed.endpoint, seed: seed)
                spare = nil
            }
            var dropped: [NodePool] = []
            for id in state.pools.keys where table.node(id: id) == nil {
                if let pool = state.pools.removeValue(forKey: id) { dropped.append(pool) }
                state.reached[id] = nil
            }
            return (moves, dropped, spare)
        }
        spare?.close()
        for pool in dropped { pool.close() }
        return moves
    }

    func makePool(_ endpoint: DisqueEndpoint, seed: NodeConnection? = nil) -> NodePool {
        NodePool(endpoint: endpoint, settings: configuration.connection, configuration: configuration,
                 eventLoopGroup: eventLoopGroup, sharedLoop: homeLoop, seed: seed)
    }

    /// The pool for a node of the table, made on first use.
    func pool(for node: String) throws -> NodePool {
        try state.withLock { state in
            if state.shutDown { throw DisqueError.connection(NodePool.shutDownFailure) }
            if let pool = state.pools[node] { return pool }
            guard let entry = state.router?.table.node(id: node) else {
                throw DisqueError.connection(ConnectionFailure(.notConnected, "Node \(node) is not in the cluster table"))
            }
            let pool = makePool(entry.endpoint)
            state.pools[node] = pool
            state.reached[node] = entry.endpoint
            return pool
        }
    }

    /// Logs each change of node, as the sync client's `onMove` reports it.
    func report(_ moves: [ClusterMove]) {
        for move in moves { logger.notice("\(move)") }
    }

    /// Runs `body` on the routing state.
    func withRouter<T>(_ body: (inout ClusterRouter) -> T) -> T? {
        state.withLock { state in
            guard state.router != nil else { return nil }
            return body(&state.router!)
        }
    }

    // MARK: - Lifetime

    /// Keeps the pools alive and HELLO fresh until the task is cancelled or
    /// the ServiceGroup shuts down gracefully, then closes every link. A
    /// worker built on `jobs(from:)` should be shut down before the client
    /// (list it after the client in the ServiceGroup), so its last acks go out.
    public func run() async throws {
        let (stop, stopper) = AsyncStream<Void>.makeStream()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in stop {} }
                if let limit = configuration.idleBlockingTimeout {
                    group.addTask { [self] in
                        // Checked at a quarter of the limit: a link goes within 1.25× its idle time.
                        while (try? await Task.sleep(for: limit / 4)) != nil {
                            for pool in state.withLock({ Array($0.pools.values) }) { pool.closeIdle(unusedFor: limit) }
                        }
                    }
                }
                if let every = configuration.helloRefresh {
                    group.addTask { [self] in
                        while (try? await Task.sleep(for: every)) != nil {
                            guard withRouter({ $0.helloIsDue(at: .now) }) == true else { continue }
                            await refreshHello()
                        }
                    }
                }
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            stopper.finish()
        }
        shutDown()
    }

    private func shutDown() {
        let (pools, discovery) = state.withLock { state in
            state.shutDown = true
            defer { state.pools = [:] }
            return (Array(state.pools.values), state.discovery)
        }
        discovery?.cancel()
        for pool in pools { pool.close() }
        logger.debug("DisqueClient shut down")
    }
}

extension DisqueClient: Service {}
