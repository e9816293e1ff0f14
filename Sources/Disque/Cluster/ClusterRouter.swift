/// The cluster client's whole routing state as a value: the node table,
/// which node each role uses, where jobs were seen, the locality window and
/// when HELLO is due. Every decision — which nodes to try, when to move, when
/// to ask HELLO — is made here without I/O; the client only carries it out
/// and reports what happened. Time is passed in.
public struct ClusterRouter: Sendable {
    public struct Options: Sendable, Hashable {
        /// Ask HELLO again this often (nil: only after failures).
        public var helloRefresh: Duration?
        /// How long a node this client failed to reach is skipped, whatever HELLO says.
        public var unreachableCooldown: Duration
        /// How long a node that said it is leaving is kept away from for new work.
        public var leavingCooldown: Duration
        public var locality: LocalityOptions

        public init(helloRefresh: Duration? = .seconds(30), unreachableCooldown: Duration = .seconds(10),
                    leavingCooldown: Duration = .seconds(120), locality: LocalityOptions = LocalityOptions()) {
            self.helloRefresh = helloRefresh
            self.unreachableCooldown = unreachableCooldown
            self.leavingCooldown = leavingCooldown
            self.locality = locality
        }
    }

    public let options: Options
    public private(set) var table: NodeTable
    public private(set) var holders = JobHolders()
    public private(set) var locality: LocalityTracker
    /// The node ID each role uses.
    public private(set) var roles: [NodeRole: String] = [:]
    private var lastHello: ContinuousClock.Instant

    /// Starts with both roles on `start` (the node that answered the first
    /// HELLO), or on the best node fit for work if `start` is not.
    public init(table: NodeTable, startingAt start: String, options: Options = Options(),
                at now: ContinuousClock.Instant) {
        self.options = options
        self.table = table
        self.locality = LocalityTracker(options: options.locality)
        self.lastHello = now
        let first = table.standing(of: start, at: now).takesWork ? start : table.workers(at: now).first?.id
        for role in NodeRole.allCases { roles[role] = first }
    }

    public func node(for role: NodeRole) -> ClusterNode? { roles[role].flatMap { table.node(id: $0) } }

    /// Nodes to try for a command of `role`, best first: the role's node while
    /// it is fit for work, then every other node fit for work.
    public func candidates(for role: NodeRole, at now: ContinuousClock.Instant) -> [String] {
        var list = table.workers(at: now).map(\.id)
        if let current = roles[role], let at = list.firstIndex(of: current) {
            list.remove(at: at)
            list.insert(current, at: 0)
        }
        return list
    }

    /// Routes for a command naming jobs; nodes that cannot be reached come last.
    public func routes(for command: JobCommand, jobs ids: [JobID], at now: ContinuousClock.Instant) -> [JobRoute] {
        table.routes(for: command, jobs: ids, holders: holders, fallback: roles[.consumer], at: now)
    }

    // MARK: - HELLO

    public func helloIsDue(at now: ContinuousClock.Instant) -> Bool {
        guard let every = options.helloRefresh else { return false }
        return now - lastHello >= every
    }

    /// Takes a fresh HELLO's table (keeping this client's own recent marks)
    /// and moves any role whose node is gone, or no longer fit for work.
    public mutating func adopt(_ newer: NodeTable, at now: ContinuousClock.Instant) -> [ClusterMove] {
        let before = table
        table = table.refreshed(by: newer, at: now)
        lastHello = now
        var moves: [ClusterMove] = []
        for (role, id) in roles.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            guard !table.standing(of: id, at: now).takesWork else { continue }
            let reason: MoveReason
            if let node = table.node(id: id), NodeStanding(priority: node.priority).takesWork {
                // HELLO still rates it fit; this client's own mark says otherwise.
                reason = table.mayBeLeaving(id, at: now) ? .leaving
                    : .unreachable(ConnectionFailure(.failed, "\(node.endpoint) could not be reached lately"))
            } else {
                reason = .degraded(priority: table.node(id: id)?.priority)
            }
            moves += move([role], awayFrom: id, previous: before.node(id: id), reason: reason, at: now)
        }
        return merged(moves)
    }

    /// Notes that HELLO could not be refreshed just now: do not ask again at once.
    public mutating func helloFailed(at now: ContinuousClock.Instant) { lastHello = now }

    // MARK: - Outcomes

    /// A command failed on `node` for `reason`: keep away from it for a while
    /// and move the roles it served. A NOREPL refusal for too few reachable
    /// nodes is no verdict on the node (the request may simply ask for more
    /// copies than the cluster has): the command tries another node, but
    /// nothing is set aside and a role moves only if that other node succeeds.
    public mutating func failed(on node: String, reason: MoveReason,
                                at now: ContinuousClock.Instant) -> [ClusterMove] {
        switch reason {
        case .unreachable: table.setAside(node, .unreachable, until: now + options.unreachableCooldown)
        case .leaving: table.setAside(node, .leaving, until: now + options.leavingCooldown)
        case .refused, .degraded, .locality: return []
        }
        return moveRoles(awayFrom: node, reason: reason, at: now)
    }

    /// `node` answered a command (an error reply counts): it is reachable again.
    public mutating func answered(by node: String) { table.clearUnreachable(node) }

    /// A command of `role` succeeded on `node`: if that is not the role's node
    /// (the command had to go elsewhere), the role moves there.
    public mutating func settle(_ role: NodeRole, on node: String, reason: MoveReason) -> ClusterMove? {
        guard roles[role] != node, let to = table.node(id: node) else { return nil }
        let from = self.node(for: role)
        roles[role] = node
        // Both roles leave a failed node together: one move, one message.
        var moved = [role]
        for other in NodeRole.allCases where other != role && from != nil && roles[other] == from?.id {
            roles[other] = node
            moved.append(other)
        }
        if moved.contains(.consumer) { locality.reset() }
        return ClusterMove(from: from, to: to, roles: moved.sorted { $0.rawValue < $1.rawValue }, reason: reason)
    }

    /// Moves every role on `node` to the best other node fit for work.
    public mutating func moveRoles(awayFrom node: String, reason: MoveReason,
                                   at now: ContinuousClock.Instant) -> [ClusterMove] {
        let onNode = NodeRole.allCases.filter { roles[$0] == node }
        return merged(move(onNode, awayFrom: node, previous: table.node(id: node), reason: reason, at: now))
    }

    /// Jobs GETJOB (or QPEEK) delivered from `node`: remembers where they are
    /// and, for GETJOB, counts their creators; returns the locality move when
    /// another healthy node clearly produced most of them.
    public mutating func delivered(_ jobs: [JobID], from node: String, countForLocality: Bool,
                                   at now: ContinuousClock.Instant) -> ClusterMove? {
        for id in jobs { holders.record(id, heldBy: node) }
        guard countForLocality, roles[.consumer] == node else { return nil }
        locality.record(jobs)
        guard let (target, share) = locality.suggestion(current: node, table: table, at: now) else { return nil }
        let from = table.node(id: node)
        roles[.consumer] = target.id
        locality.reset()
        return ClusterMove(from: from, to: target, roles: [.consumer], reason: .locality(share: share))
    }

    /// SHOW's nodes-delivered: the nodes that may hold a copy.
    public mutating func seen(_ id: JobID, heldBy nodes: [String]) { holders.record(id, heldBy: nodes) }

    /// An ACK or DELJOB went through: stop tracking the job.
    public mutating func ended(_ id: JobID) { holders.forget(id) }

    // MARK: - Helpers

    private mutating func move(_ moving: [NodeRole], awayFrom node: String, previous: ClusterNode?,
                               reason: MoveReason, at now: ContinuousClock.Instant) -> [ClusterMove] {
        guard !moving.isEmpty, let target = table.workers(at: now).first(where: { $0.id != node }) else { return [] }
        for role in moving { roles[role] = target.id }
        if moving.contains(.consumer) { locality.reset() }
        return [ClusterMove(from: previous, to: target, roles: moving, reason: reason)]
    }

    /// Joins moves with the same from, to and reason into one.
    private func merged(_ moves: [ClusterMove]) -> [ClusterMove] {
        var result: [ClusterMove] = []
        for move in moves {
            let same = { (other: ClusterMove) in other.from == move.from && other.to == move.to && other.reason == move.reason }
            if let at = result.firstIndex(where: same) {
                result[at].roles = (result[at].roles + move.roles).sorted { $0.rawValue < $1.rawValue }
            } else {
                result.append(move)
            }
        }
        return result
    }
}
