/// Which nodes a command may go to, best first. Data rather than a closure:
/// the sync and async dispatch loops read it by the same rule, and the usual
/// case — the role's node, fit for work — is answered without building a list.
public enum NodeChoice: Sendable, Hashable {
    /// The role's node while it is fit for work, then every other node fit for work.
    case role(NodeRole)
    /// These nodes in this order (a job's holders), less those this client
    /// could not reach lately.
    case reachable(among: [String])
    /// This node and no other (a scan cursor means something on its node only).
    case pinned(String)
}

extension ClusterRouter {
    /// The best node of `choice` not tried yet; nil when none is left.
    public func next(_ choice: NodeChoice, excluding tried: [String], at now: ContinuousClock.Instant) -> String? {
        switch choice {
        case .role(let role):
            // `candidates(for:)` puts this node first whenever it is fit for work.
            if let current = roles[role], !tried.contains(current), table.standing(of: current, at: now).takesWork {
                return current
            }
            return candidates(for: role, at: now).first { !tried.contains($0) }
        case .reachable(let nodes):
            return nodes.first { !tried.contains($0) && table.standing(of: $0, at: now) != .unreachable }
        case .pinned(let node):
            return tried.contains(node) ? nil : node
        }
    }
}
