import Disque
import NIOCore
import Synchronization

/// The links to one node. Non-blocking commands share a few links (the
/// least busy one, pipelined); each blocking GETJOB leases a link of its own,
/// so it never holds up other commands. Leases are bounded: when all are out,
/// the next GETJOB waits (cancellably) until one comes back.
final class NodePool: Sendable {
    let endpoint: DisqueEndpoint
    private let settings: ConnectionSettings
    private let maxBlocking: Int
    private let maxIdle: Int
    private let eventLoopGroup: any EventLoopGroup
    /// Where shared links live (the client's home loop); leased ones spread over the group.
    private let sharedLoop: any EventLoop
    private let state: Mutex<State>

    private struct State {
        /// One entry per shared slot: a link, the connect in progress, or nil.
        var shared: [Slot?]
        /// Links a GETJOB gave back, newest last, with when they were given back.
        var idleBlocking: [(connection: NodeConnection, since: ContinuousClock.Instant)] = []
        /// Blocking leases out, and links being opened for a lease.
        var leased = 0
        /// Links leased now, so `close()` can end the GETJOBs blocked on them.
        var inUse: [ObjectIdentifier: NodeConnection] = [:]
        var waiters: [(id: Int, continuation: CheckedContinuation<NodeConnection?, any Error>)] = []
        var nextWaiter = 0
        var closed = false

        /// Puts `new` in the slot that holds `old` (the same link or connect).
        mutating func replace(_ old: Slot, with new: Slot?) {
            for slot in shared.indices where shared[slot]?.holdsSame(as: old) == true { shared[slot] = new }
        }
    }

    private enum Slot {
        case ready(NodeConnection)
        case connecting(Task<NodeConnection, any Error>)

        func holdsSame(as other: Slot) -> Bool {
            switch (self, other) {
            case (.ready(let mine), .ready(let theirs)): mine === theirs
            case (.connecting(let mine), .connecting(let theirs)): mine == theirs
            default: false
            }
        }
    }

    init(endpoint: DisqueEndpoint, settings: ConnectionSettings, configuration: DisqueClientConfiguration,
         eventLoopGroup: any EventLoopGroup, sharedLoop: any EventLoop, seed: NodeConnection? = nil) {
        self.endpoint = endpoint
        self.settings = settings
        maxBlocking = configuration.maxBlockingConnectionsPerNode
        maxIdle = min(configuration.idleBlockingConnectionsPerNode, maxBlocking)
        self.eventLoopGroup = eventLoopGroup
        self.sharedLoop = sharedLoop
        var slots = [Slot?](repeating: nil, count: max(1, configuration.sharedConnectionsPerNode))
        // The link discovery asked HELLO on becomes the first shared one.
        if let seed { slots[0] = .ready(seed) }
        state = Mutex(State(shared: slots))
    }

    /// Links open now: shared, leased to GETJOBs, and idle ones kept for the next GETJOB.
    var connectionCount: (shared: Int, blocking: Int, idle: Int) {
        state.withLock { state in
            let shared = state.shared.filter { if case .ready(let c)? = $0 { c.isActive } else { false } }.count
            return (shared, state.leased, state.idleBlocking.count)
        }
    }

    // MARK: - Shared links

    /// Sends a non-blocking command on a shared link. A link found dead
    /// before the command went out, or lost under a command safe to repeat,
    /// is replaced once and the command sent again — the sync connection's
    /// reconnect rule; anything else is reported, never repeated. Cancelled,
    /// the caller gets CancellationError at once and the link stays open.
    func send(_ arguments: [[UInt8]], name: String, isIdempotent: Bool, wait: ReplyWait) async throws -> RESPValue {
        var mayRetry = true
        while true {
            let connection = try await sharedConnection()
            do {
                // A GETJOB's reply holds jobs already taken: it is awaited, so they can be queued again.
                return try await connection.send(arguments, name: name, isIdempotent: isIdempotent, wait: wait,
                                                 abandonable: name != "GETJOB")
            } catch let error as DisqueError {
                if case .connection(let failure) = error, failure.kind == .lost || failure.kind == .notConnected,
                   mayRetry {
                    mayRetry = false
                    discardShared(connection)
                    continue
                }
                if error.connectionFailure != nil { discardShared(connection) }
                throw error
            }
        }
    }

    private func sharedConnection() async throws -> NodeConnection {
        enum Pick { case ready(NodeConnection), wait(Task<NodeConnection, any Error>) }
        let pick: Pick = try state.withLock { state in
            guard !state.closed else { throw DisqueError.connection(Self.shutDownFailure) }
            // The least busy open link; an empty slot is opened when every link is busy.
            var best: NodeConnection?
            var empty: Int?
            var pending: Task<NodeConnection, any Error>?
            for slot in state.shared.indices {
                switch state.shared[slot] {
                case .ready(let connection) where connection.isActive:
                    if best == nil || connection.load < best!.load { best = connection }
                case .connecting(let task): pending = pending ?? task
                default: empty = empty ?? slot
                }
            }
            if let best, best.load == 0 || (empty == nil && pending == nil) { return .ready(best) }
            if let empty {
                let task = Task { [endpoint, settings, sharedLoop] in
                    try await NodeConnection.connect(to: endpoint, settings: settings, on: sharedLoop)
                }
                state.shared[empty] = .connecting(task)
                return best.map(Pick.ready) ?? .wait(task)
            }
            return best.map(Pick.ready) ?? .wait(pending!)
        }
        switch pick {
        case .ready(let connection): return connection
        case .wait(let task): return try await settle(task)
        }
    }

    /// Waits for a shared link being opened and files it (or clears its slot).
    private func settle(_ task: Task<NodeConnection, any Error>) async throws -> NodeConnection {
        do {
            let connection = try await task.value
            let keep = state.withLock { state in
                guard !state.closed else { return false }
                state.replace(.connecting(task), with: .ready(connection))
                return true
            }
            if !keep { connection.close(); throw DisqueError.connection(Self.shutDownFailure) }
            return connection
        } catch {
            state.withLock { $0.replace(.connecting(task), with: nil) }
            throw error
        }
    }

    private func discardShared(_ connection: NodeConnection) {
        state.withLock { $0.replace(.ready(connection), with: nil) }
        connection.close()
    }

    // MARK: - Blocking leases

    /// Runs a blocking command on a link of its own. The link goes back to
    /// the pool only after a clean reply; cancelled, timed out or broken, it
    /// is closed (the server may still hand a job to a link left waiting).
    func sendBlocking(_ arguments: [[UInt8]], name: String, isIdempotent: Bool,
                      wait: ReplyWait) async throws -> RESPValue {
        let connection = try await lease()
        do {
            let reply = try await connection.sendBlocking(arguments, name: name, isIdempotent: isIdempotent, wait: wait)
            giveBack(connection, reusable: !Task.isCancelled)
            return reply
        } catch {
            giveBack(connection, reusable: false)
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    private func lease() async throws -> NodeConnection {
        enum Grant { case idle(NodeConnection), open, wait }
        let id = state.withLock { state -> Int in state.nextWaiter += 1; return state.nextWaiter }
        let grant: Grant = try state.withLock { state in
            guard !state.closed else { throw DisqueError.connection(Self.shutDownFailure) }
            while let idle = state.idleBlocking.popLast()?.connection {
                if idle.isActive {
                    state.leased += 1
                    state.inUse[ObjectIdentifier(idle)] = idle
                    return .idle(idle)
                }
                idle.close()
            }
            if state.leased < maxBlocking { state.leased += 1; return .open }
            return .wait
        }
        switch grant {
        case .idle(let connection): return connection
        case .open: return try await openLeased()
        case .wait:
            let handed = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let enqueued = state.withLock { state -> Bool in
                        guard !Task.isCancelled, !state.closed else { return false }
                        state.waiters.append((id, continuation))
                        return true
                    }
                    if !enqueued { continuation.resume(throwing: CancellationError()) }
                }
            } onCancel: {
                let waiter = state.withLock { state in
                    state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0).continuation }
                }
                waiter?.resume(throwing: CancellationError())
            }
            // A link handed over as is, or a freed place to open one in.
            if let handed { return handed }
            return try await openLeased()
        }
    }

    /// Opens a link for a lease already counted.
    private func openLeased() async throws -> NodeConnection {
        let connection: NodeConnection
        do {
            connection = try await NodeConnection.connect(to: endpoint, settings: settings, on: eventLoopGroup.next())
        } catch {
            giveBack(nil, reusable: false)
            throw error
        }
        let open = state.withLock { state in
            if !state.closed { state.inUse[ObjectIdentifier(connection)] = connection }
            return !state.closed
        }
        guard open else {
            giveBack(connection, reusable: false)
            throw DisqueError.connection(Self.shutDownFailure)
        }
        return connection
    }

    /// Ends a lease: hands the link (or its place) to the next waiter, keeps it idle, or closes it.
    private func giveBack(_ connection: NodeConnection?, reusable: Bool) {
        let keep = reusable && connection?.isActive == true
        let (waiter, close) = state.withLock { state -> (CheckedContinuation<NodeConnection?, any Error>?, Bool) in
            if let connection { state.inUse[ObjectIdentifier(connection)] = nil }
            if keep, let connection { state.inUse[ObjectIdentifier(connection)] = connection }
            if !state.closed, !state.waiters.isEmpty {
                let next = state.waiters.removeFirst().continuation
                return (next, !keep)  // the lease passes on: `leased` stays
            }
            state.leased -= 1
            if let connection { state.inUse[ObjectIdentifier(connection)] = nil }
            if keep, !state.closed, state.idleBlocking.count < maxIdle, let connection {
                state.idleBlocking.append((connection, .now))
                return (nil, false)
            }
            return (nil, true)
        }
        if close { connection?.close() }
        waiter?.resume(returning: keep ? connection : nil)
    }

    // MARK: - Closing

    /// Closes the idle blocking links no GETJOB has used for `limit`: after a
    /// burst of consumers, the node is not left holding their links for good.
    /// The most recently used ones are the last to go.
    func closeIdle(unusedFor limit: Duration) {
        let now = ContinuousClock.now
        let stale = state.withLock { state -> [NodeConnection] in
            let (old, fresh) = (state.idleBlocking.filter { now - $0.since >= limit },
                                state.idleBlocking.filter { now - $0.since < limit })
            state.idleBlocking = fresh
            return old.map(\.connection)
        }
        for link in stale { link.close() }
    }

    /// Closes every link and fails the waiters; later calls throw.
    func close() {
        let (links, tasks, waiters) = state.withLock { state in
            state.closed = true
            var links = state.idleBlocking.map(\.connection) + Array(state.inUse.values)
            var tasks: [Task<NodeConnection, any Error>] = []
            for case let entry? in state.shared {
                switch entry {
                case .ready(let connection): links.append(connection)
                case .connecting(let task): tasks.append(task)
                }
            }
            let waiters = state.waiters.map(\.continuation)
            state.shared = state.shared.map { _ in nil }
            state.idleBlocking = []
            state.inUse = [:]
            state.waiters = []
            return (links, tasks, waiters)
        }
        for link in links { link.close() }
        for task in tasks { Task { try? await task.value.close() } }
        for waiter in waiters { waiter.resume(throwing: DisqueError.connection(Self.shutDownFailure)) }
    }

    static let shutDownFailure = ConnectionFailure(.notConnected, "The DisqueClient has shut down")
}
