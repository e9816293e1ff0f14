/// When to move a consumer to the node its jobs come from. Disque's own
/// advice: a consumer fed mostly by another node's producers makes the nodes
/// ship those jobs across; fetching them where they are created saves that.
public struct LocalityOptions: Sendable, Hashable {
    /// False: GETJOB stays where it is unless the node fails.
    public var enabled: Bool
    /// How many received jobs the decision looks at, newest last. Nothing
    /// moves before the window is full, and after a move it starts empty, so
    /// each move needs a whole window of fresh evidence: no flapping.
    public var window: Int
    /// How much larger the other node's share must be than the current one's
    /// (0.25: 25 percentage points), on top of being more than half.
    public var margin: Double

    public init(enabled: Bool = true, window: Int = 100, margin: Double = 0.25) {
        self.enabled = enabled
        self.window = max(1, window)
        self.margin = max(0, margin)
    }

    public static let disabled = LocalityOptions(enabled: false)
}

/// Counts which node produced the jobs a consumer receives (the creator's
/// prefix in each job ID) over a sliding window, and says when another
/// healthy node clearly produced most of them.
public struct LocalityTracker: Sendable {
    public let options: LocalityOptions
    /// Creator prefixes of the last `window` jobs, as a ring.
    private var ring: [String] = []
    private var next = 0
    private var counts: [String: Int] = [:]

    public init(options: LocalityOptions = LocalityOptions()) {
        self.options = options
    }

    /// Jobs seen in the current window (at most `options.window`).
    public var sampleCount: Int { ring.count }

    /// The share of the window each creator prefix has.
    public func share(of prefix: String) -> Double {
        ring.isEmpty ? 0 : Double(counts[prefix, default: 0]) / Double(ring.count)
    }

    /// Notes the jobs one GETJOB delivered.
    public mutating func record(_ jobs: [JobID]) {
        guard options.enabled else { return }
        for id in jobs where JobID.isWellFormed(id.rawValue) {
            let prefix = id.nodePrefix
            if ring.count < options.window {
                ring.append(prefix)
            } else {
                counts[ring[next], default: 1] -= 1
                ring[next] = prefix
                next = (next + 1) % options.window
            }
            counts[prefix, default: 0] += 1
        }
    }

    /// Starts a new window: after a move, so the next move needs fresh evidence.
    public mutating func reset() {
        ring.removeAll(keepingCapacity: true)
        next = 0
        counts.removeAll(keepingCapacity: true)
    }

    /// The node GETJOB should move to, and its share, or nil to stay. Only a
    /// node HELLO rates 1 (and not set aside by this client) qualifies.
    public func suggestion(current: String?, table: NodeTable,
                           at now: ContinuousClock.Instant) -> (node: ClusterNode, share: Double)? {
        guard options.enabled, ring.count >= options.window else { return nil }
        guard let (prefix, count) = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else { return nil }
        let bestShare = Double(count) / Double(ring.count)
        let currentShare = current.map { self.share(of: String($0.prefix(8))) } ?? 0
        guard bestShare > 0.5, bestShare - currentShare >= options.margin,
              let node = table.node(prefix: prefix), node.id != current,
              table.standing(of: node.id, at: now) == .preferred else { return nil }
        return (node, bestShare)
    }
}
