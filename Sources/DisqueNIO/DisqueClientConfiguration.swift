import Disque

/// How patient DisqueClient is with nodes, how many links it opens and how
/// it follows the cluster. Every wait has a limit by default; only a GETJOB
/// asked to wait without TIMEOUT waits without one.
public struct DisqueClientConfiguration: Sendable, Hashable {
    /// Sent with AUTH on every new link.
    public var password: String?
    public var connectTimeout: Duration
    /// Longest wait for a reply; commands that block on purpose add their own
    /// timeout. Nil waits forever. An overdue reply closes its link.
    public var readTimeout: Duration?
    /// Links per node that non-blocking commands share, pipelined.
    public var sharedConnectionsPerNode: Int
    /// Most links per node held by blocking GETJOBs (one each). When all are
    /// in use, a further GETJOB waits for one to come back.
    public var maxBlockingConnectionsPerNode: Int
    /// Blocking links kept open for reuse when no GETJOB holds them.
    public var idleBlockingConnectionsPerNode: Int
    /// How long such a link may stay unused before it is closed; nil keeps them.
    public var idleBlockingTimeout: Duration?
    /// Ask HELLO again this often, besides after every failure; nil: only after failures.
    public var helloRefresh: Duration?
    /// When GETJOB follows the jobs to the node that produces them.
    public var locality: LocalityOptions
    /// How long a node that could not be reached is skipped.
    public var unreachableCooldown: Duration
    /// How long a node that said it is leaving is kept away from for new work.
    public var leavingCooldown: Duration

    public init(password: String? = nil, connectTimeout: Duration = .seconds(2), readTimeout: Duration? = .seconds(5),
                sharedConnectionsPerNode: Int = 2, maxBlockingConnectionsPerNode: Int = 1024,
                idleBlockingConnectionsPerNode: Int = 64, helloRefresh: Duration? = .seconds(30),
                locality: LocalityOptions = LocalityOptions(), unreachableCooldown: Duration = .seconds(10),
                leavingCooldown: Duration = .seconds(120), idleBlockingTimeout: Duration? = .seconds(60)) {
        self.password = password
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.sharedConnectionsPerNode = max(1, sharedConnectionsPerNode)
        self.maxBlockingConnectionsPerNode = max(1, maxBlockingConnectionsPerNode)
        self.idleBlockingConnectionsPerNode = max(0, idleBlockingConnectionsPerNode)
        self.helloRefresh = helloRefresh
        self.locality = locality
        self.unreachableCooldown = unreachableCooldown
        self.leavingCooldown = leavingCooldown
        self.idleBlockingTimeout = idleBlockingTimeout
    }

    /// The routing policy's share: the same type the sync DisqueCluster uses.
    var routerOptions: ClusterRouter.Options {
        ClusterRouter.Options(helloRefresh: helloRefresh, unreachableCooldown: unreachableCooldown,
                              leavingCooldown: leavingCooldown, locality: locality)
    }

    var connection: ConnectionSettings {
        ConnectionSettings(password: password, connectTimeout: connectTimeout, readTimeout: readTimeout)
    }
}

/// What every link of a client shares.
struct ConnectionSettings: Sendable, Hashable {
    var password: String?
    var connectTimeout: Duration
    var readTimeout: Duration?
}
