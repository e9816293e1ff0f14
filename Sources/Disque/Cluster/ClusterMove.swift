/// What a node is used for: ADDJOB goes to the producer node, GETJOB (and
/// commands about no job in particular) to the consumer node. They start on
/// the same node and part when locality moves the consumer.
public enum NodeRole: String, Sendable, Hashable, CaseIterable {
    case producer, consumer
}

/// Why the client left a node.
public enum MoveReason: Sendable, Hashable, CustomStringConvertible {
    /// It answered -LEAVING, or refused a job because it is leaving.
    case leaving
    /// Connecting to it, or the link to it, failed.
    case unreachable(ConnectionFailure)
    /// HELLO rates it 10 (suspected of failing) or 100 (failed or leaving),
    /// or it is no longer in HELLO at all (nil).
    case degraded(priority: Int?)
    /// It refused an ADDJOB with NOREPL before creating the job (too few reachable nodes).
    case refused(message: String)
    /// Another node produced most of the jobs this client received lately.
    case locality(share: Double)

    public var description: String {
        switch self {
        case .leaving: return "is leaving"
        case .unreachable(let failure): return "is unreachable (\(failure.message))"
        case .degraded(let priority?) where priority >= 100: return "has failed or is leaving (priority \(priority))"
        case .degraded(let priority?): return "is suspected of failing (priority \(priority))"
        case .degraded(nil): return "is no longer in the cluster"
        case .refused(let message): return "refused the job (NOREPL \(message))"
        case .locality(let share):
            let percent = Int((share * 100).rounded())
            return "is not where the jobs come from (\(percent)% of the last ones came from the new node)"
        }
    }
}

/// One change of node for one or both roles, as `DisqueCluster.onMove` sees it.
public struct ClusterMove: Sendable, Hashable, CustomStringConvertible {
    /// Nil when no node was in use before.
    public var from: ClusterNode?
    public var to: ClusterNode
    public var roles: [NodeRole]
    public var reason: MoveReason

    public init(from: ClusterNode?, to: ClusterNode, roles: [NodeRole], reason: MoveReason) {
        self.from = from
        self.to = to
        self.roles = roles
        self.reason = reason
    }

    /// "127.0.0.1:7711 is leaving; now on 127.0.0.1:7712".
    public var description: String {
        guard let from else { return "now on \(to.endpoint)" }
        return "\(from.endpoint) \(reason); now on \(to.endpoint)"
    }
}
