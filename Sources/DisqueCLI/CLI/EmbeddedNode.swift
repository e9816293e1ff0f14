import Disque

/// `--embedded`: a node in this process on a free loopback port, started by
/// what the executable hands in before it runs — `disque-cli`'s main wires
/// MiniDisque — so this library does not depend on the server's code.
public struct EmbeddedNode: Sendable {
    public let endpoint: DisqueEndpoint
    private let stopNode: @Sendable () -> Void

    public init(endpoint: DisqueEndpoint, stop: @escaping @Sendable () -> Void) {
        self.endpoint = endpoint
        stopNode = stop
    }

    /// Starts a node with this password (nil: none); set once by the executable, before `main()`.
    nonisolated(unsafe) public static var starter: (@Sendable (_ password: String?) throws -> EmbeddedNode)?

    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "this build of disque-cli has no embedded node" }
    }

    static func start(password: String?) throws -> EmbeddedNode {
        guard let starter else { throw Unavailable() }
        return try starter(password)
    }

    func stop() { stopNode() }
}
