import Foundation
import RESP
import Synchronization

/// N real Disque nodes joined into one cluster: started, met with
/// CLUSTER MEET, and ready once HELLO on every node lists all N with
/// priority 1. Needs the real server (`DISQUE_SERVER`); MiniDisque has no
/// cluster bus.
///
/// Suites that only read share `TestCluster.shared()` (formed once per run);
/// a test that kills nodes or sets LEAVING makes its own.
public final class TestCluster: @unchecked Sendable {
    public let nodes: [TestNode]

    /// True when cluster suites can run; use in `.enabled(if:)`.
    public static var isAvailable: Bool { TestNode.isReal }
    public static let unavailableReason = "needs the real Disque: set DISQUE_SERVER=/path/to/disque-server"

    public init(size: Int = 3, password: String? = nil) throws {
        guard let path = TestNode.realServerPath else { throw TestFailure("TestCluster: \(TestCluster.unavailableReason)") }
        nodes = try (0..<size).map { _ in try TestNode(password: password, backend: .realServer(path)) }
        for node in nodes.dropFirst() {
            let reply = try nodes[0].send(["CLUSTER", "MEET", "127.0.0.1", "\(node.port)"])
            guard reply == .status("OK") else { throw TestFailure("CLUSTER MEET \(node.port): \(reply)") }
        }
        try waitUntilHealthy()
    }

    private static let sharedCluster = Mutex<TestCluster?>(nil)

    /// One three-node cluster for every suite that leaves it as it found it.
    public static func shared() throws -> TestCluster {
        try sharedCluster.withLock { cluster in
            if let cluster { return cluster }
            let made = try TestCluster(size: 3)
            cluster = made
            return made
        }
    }

    /// Waits until every running node's HELLO lists every running node with
    /// priority 1, and CLUSTER INFO counts all the others as reachable: HELLO
    /// shows a node still in handshake already, which ADDJOB does not count,
    /// so REPLICATE N right after HELLO looks healthy could still get NOREPL.
    public func waitUntilHealthy(timeout: Duration = .seconds(30)) throws {
        let running = nodes.filter(\.isRunning)
        let ports = Set(running.map(\.port))
        try waitUntil("HELLO lists \(ports.sorted()) with priority 1 on each, all reachable", timeout: timeout) {
            try running.allSatisfy { node in
                let entries = try TestCluster.helloEntries(node)
                guard Set(entries.filter { $0.priority == 1 }.map(\.port)).isSuperset(of: ports) else { return false }
                let info = try node.send(["CLUSTER", "INFO"]).string ?? ""
                return info.contains("cluster_reachable_nodes:\(running.count - 1)\r\n")
            }
        }
    }

    /// Waits until `node`'s HELLO gives `port` the priority `predicate` accepts.
    public func waitForPriority(on node: TestNode, of port: Int, timeout: Duration = .seconds(40),
                                _ predicate: @escaping (Int) -> Bool) throws {
        try waitUntil("priority of \(port) in HELLO on \(node.port)", timeout: timeout) {
            try TestCluster.helloEntries(node).contains { $0.port == port && predicate($0.priority) }
        }
    }

    /// The node whose ID starts with the job ID's node prefix.
    public func node(creating jobID: String) throws -> TestNode {
        let parts = jobID.split(separator: "-")
        guard parts.count == 4 else { throw TestFailure("not a job ID: \(jobID)") }
        for node in nodes where node.isRunning {
            if try node.nodeID.hasPrefix(parts[1]) { return node }
        }
        throw TestFailure("no running node created \(jobID)")
    }

    /// HELLO's node entries on `node`: (id, host, port, priority).
    public static func helloEntries(_ node: TestNode) throws -> [(id: String, host: String, port: Int, priority: Int)] {
        guard case .array(let items) = try node.send(["HELLO"]) else { throw TestFailure("HELLO on \(node.port) is not an array") }
        return items.dropFirst(2).compactMap { entry in
            guard let fields = entry.array, fields.count == 4, let id = fields[0].string, let host = fields[1].string,
                  let port = fields[2].string.flatMap({ Int($0) }),
                  let priority = fields[3].string.flatMap({ Int($0) }) else { return nil }
            return (id, host, port, priority)
        }
    }
}
