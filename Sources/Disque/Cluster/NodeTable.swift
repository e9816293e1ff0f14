/// How usable a node is, from the priority HELLO gives it and from what this
/// client saw itself. Disque 1.0-rc1 rates nodes 1 (healthy), 5 (no link to it
/// right now), 10 (suspected of failing) and 100 (failed, or leaving).
public enum NodeStanding: Int, Sendable, Hashable, Comparable {
    /// Priority 1: where new work goes.
    case preferred
    /// Priority 5: usable when no preferred node is.
    case usable
    /// Priority 10 or 100, or set aside by this client: only for jobs it still holds.
    case avoided
    /// This client could not reach it lately: not tried at all until the cooldown ends.
    case unreachable

    public init(priority: Int) {
        switch priority {
        case ...1: self = .preferred
        case ...5: self = .usable
        default: self = .avoided
        }
    }

    /// Preferred or usable: fit for commands that create or take work.
    public var takesWork: Bool { self <= .usable }

    public static func < (lhs: NodeStanding, rhs: NodeStanding) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One node as HELLO described it, with the address this client uses for it.
public struct ClusterNode: Sendable, Hashable, CustomStringConvertible {
    /// The 40-hex-digit node ID.
    public var id: String
    public var endpoint: DisqueEndpoint
    /// As HELLO reported it (1, 5, 10 or 100).
    public var priority: Int

    public init(id: String, endpoint: DisqueEndpoint, priority: Int) {
        self.id = id
        self.endpoint = endpoint
        self.priority = priority
    }

    /// The 8 hex digits every job ID created by this node carries.
    public var prefix: String { String(id.prefix(8)) }

    public var description: String { endpoint.description }
}

/// Why this client keeps away from a node for a while, whatever HELLO says:
/// the other nodes' gossip lags behind what one failed connection shows.
public enum SetAsideReason: Sendable, Hashable {
    /// Connecting or talking to it failed.
    case unreachable
    /// It answered -LEAVING or refused a job because it is leaving.
    case leaving
}

/// The cluster as the last HELLO showed it, plus this client's own recent
/// observations. A value: no I/O, time passed in, so the policy is testable
/// and a future asynchronous client can share it.
public struct NodeTable: Sendable {
    /// In HELLO's order, which is the order ties are broken in.
    public private(set) var nodes: [ClusterNode]
    /// The node that answered the HELLO this table came from.
    public private(set) var reportedBy: String?
    private var setAside: [String: (reason: SetAsideReason, until: ContinuousClock.Instant)] = [:]

    public init(nodes: [ClusterNode], reportedBy: String? = nil) {
        self.nodes = nodes
        self.reportedBy = reportedBy
    }

    /// A table from a HELLO reply. `endpoint` is the address the HELLO was
    /// asked at: the answering node is reached there (its own idea of its
    /// host may not be reachable from here), and an empty host — a lone node
    /// that never met another — means that same host. `known` holds addresses
    /// this client already reached nodes at, kept in preference to HELLO's.
    public init(hello: Hello, askedAt endpoint: DisqueEndpoint, known: [String: DisqueEndpoint] = [:]) {
        var nodes: [ClusterNode] = []
        for entry in hello.nodes {
            let address: DisqueEndpoint
            if entry.id == hello.myID {
                address = endpoint
            } else if let reached = known[entry.id] {
                address = reached
            } else if entry.host.isEmpty, case .tcp(let host, _) = endpoint {
                address = .tcp(host: host, port: entry.port)
            } else {
                address = .tcp(host: entry.host.isEmpty ? "127.0.0.1" : entry.host, port: entry.port)
            }
            nodes.append(ClusterNode(id: entry.id, endpoint: address, priority: entry.priority))
        }
        self.init(nodes: nodes, reportedBy: hello.myID)
    }

    public func node(id: String) -> ClusterNode? { nodes.first { $0.id == id } }

    /// The node whose ID starts with `prefix` (a job ID's creator). With two
    /// nodes sharing a prefix (odds about 1 in 10^6 for 100 nodes) the first wins.
    public func node(prefix: String) -> ClusterNode? { nodes.first { $0.id.hasPrefix(prefix) } }

    /// The node that created the job, when it is in the table.
    public func creator(of id: JobID) -> ClusterNode? {
        guard JobID.isWellFormed(id.rawValue) else { return nil }
        return node(prefix: id.nodePrefix)
    }

    public func standing(of id: String, at now: ContinuousClock.Instant) -> NodeStanding {
        guard let node = node(id: id) else { return .unreachable }
        // A node gone since it was met is listed with no address (port 0).
        if case .tcp(_, let port) = node.endpoint, port <= 0 { return .unreachable }
        if let aside = setAside[id], aside.until > now {
            return aside.reason == .unreachable ? .unreachable : .avoided
        }
        return NodeStanding(priority: node.priority)
    }

    /// True when the node may be leaving: HELLO rates it 100 (failed or
    /// leaving, the priority does not tell which), or it said so itself lately.
    public func mayBeLeaving(_ id: String, at now: ContinuousClock.Instant) -> Bool {
        if let aside = setAside[id], aside.until > now, aside.reason == .leaving { return true }
        return (node(id: id)?.priority ?? 100) >= 100
    }

    /// Nodes fit for new work, preferred before usable, HELLO order within each.
    public func workers(at now: ContinuousClock.Instant) -> [ClusterNode] {
        let ranked = nodes.map { (node: $0, standing: standing(of: $0.id, at: now)) }.filter { $0.standing.takesWork }
        // A stable sort: HELLO order breaks ties.
        return ranked.enumerated()
            .sorted { ($0.element.standing, $0.offset) < ($1.element.standing, $1.offset) }
            .map(\.element.node)
    }

    /// Keeps away from a node until `until`, whatever HELLO says meanwhile.
    public mutating func setAside(_ id: String, _ reason: SetAsideReason, until: ContinuousClock.Instant) {
        setAside[id] = (reason, until)
    }

    /// The node just answered: an "unreachable" mark no longer holds (a
    /// "leaving" one does — a leaving node still answers).
    public mutating func clearUnreachable(_ id: String) {
        if setAside[id]?.reason == .unreachable { setAside[id] = nil }
    }

    /// A newer HELLO's table, keeping this client's set-aside marks that have
    /// not expired: a node just found dead is often still "1" in others' HELLO.
    public func refreshed(by newer: NodeTable, at now: ContinuousClock.Instant) -> NodeTable {
        var table = newer
        for (id, mark) in setAside where mark.until > now { table.setAside[id] = mark }
        return table
    }
}
