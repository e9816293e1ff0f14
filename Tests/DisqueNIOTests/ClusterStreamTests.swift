import Disque
import DisqueNIO
import DisqueTestSupport
import Testing

/// jobs(from:) on a real three-node cluster: it follows the cluster when the
/// consumer's node dies or leaves, with the sync client's routing policy.
@Suite("DisqueClient job streams on a real cluster", .timeLimit(.minutes(3)),
       .enabled(if: TestCluster.isAvailable, "needs the real Disque: set DISQUE_SERVER"))
struct ClusterStreamTests {
    /// Consumes `queue`, acking each job and recording its body.
    private func startWorker(_ client: DisqueClient, _ queue: String, _ bodies: BodyLog) -> Task<Void, any Error> {
        Task {
            for try await job in client.jobs(from: [queue], count: 5, wait: .milliseconds(500)) {
                bodies.append(job.bodyText)
                try? await job.ack()
            }
        }
    }

    @Test("kill -9 of the consumer's node under a running jobs(from:) loop: the loop moves on and gets every job")
    func nodeKilledUnderStream() async throws {
        let cluster = try TestCluster(size: 3)
        try await waitUntilReplicable(cluster)
        let queue = uniqueQueue("nio-kill")
        try await withClient(cluster.nodes.map(\.endpoint)) { client in
            let bodies = BodyLog()
            let worker = startWorker(client, queue, bodies)
            for index in 0..<5 {
                _ = try await client.addJob(queue: queue, body: "before \(index)", replicate: 3, retry: .seconds(1))
            }
            try await waitFor("the first jobs consumed") { bodies.unique.count == 5 }
            let victimEndpoint = try #require(client.router?.node(for: .consumer)?.endpoint)
            let victim = try #require(cluster.nodes.first { $0.endpoint == victimEndpoint })
            victim.kill()
            // The stream's GETJOB loses its link and moves the client's roles off the dead node. An
            // ADDJOB sent before that may be written into the dead link: it would rightly fail with
            // notSentMayHaveReachedServer, so the new jobs are added once the client has moved.
            try await waitFor("the consumer moved off the killed node", timeout: .seconds(30)) {
                client.router?.node(for: .consumer).map { $0.endpoint != victimEndpoint } ?? false
            }
            for index in 0..<5 {
                // One copy: right after a kill the survivors still count the dead node as reachable.
                _ = try await client.addJob(queue: queue, body: "after \(index)", replicate: 1, retry: .seconds(1))
            }
            try await waitFor("every job consumed after the kill", timeout: .seconds(60)) { bodies.unique.count == 10 }
            #expect(client.router?.node(for: .consumer)?.endpoint != victimEndpoint)
            #expect(!worker.isCancelled)
            worker.cancel()
            _ = try? await worker.value
        }
    }

    @Test("CLUSTER LEAVING yes on the consumer's node: the stream moves to another node, each job once")
    func leavingUnderStream() async throws {
        let cluster = try TestCluster(size: 3)
        try await waitUntilReplicable(cluster)
        let queue = uniqueQueue("nio-leave")
        try await withClient(cluster.nodes.map(\.endpoint)) { client in
            #expect(try await client.ping() == "PONG")
            let consumerEndpoint = try #require(client.router?.node(for: .consumer)?.endpoint)
            let leaving = try #require(cluster.nodes.first { $0.endpoint == consumerEndpoint })
            let other = try #require(cluster.nodes.first { $0.endpoint != consumerEndpoint })
            let bodies = BodyLog()
            let worker = startWorker(client, queue, bodies)
            try await waitFor("the stream's GETJOB is blocked") { try leaving.blockedClients() == 1 }
            try leaving.setLeaving(true)
            try cluster.waitForPriority(on: leaving, of: leaving.port) { $0 == 100 }
            // `other` picks the replica's node: it must know the leaving node takes none.
            try cluster.waitForPriority(on: other, of: leaving.port) { $0 == 100 }
            for index in 0..<6 {
                // Two copies: the leaving node takes no replicas.
                let reply = try other.send(["ADDJOB", queue, "j\(index)", "5000", "REPLICATE", "2", "RETRY", "30"])
                #expect(!reply.isError, "ADDJOB: \(reply)")
            }
            try await waitFor("all six delivered", timeout: .seconds(30)) { bodies.all.count >= 6 }
            #expect(bodies.all.count == bodies.unique.count, "a job was delivered twice: \(bodies.all)")
            #expect(client.router?.node(for: .consumer)?.endpoint != consumerEndpoint)
            worker.cancel()
            _ = try? await worker.value
            try leaving.setLeaving(false)
        }
    }
}

/// Waits until every node counts all the others as reachable for replication
/// (CLUSTER INFO's cluster_reachable_nodes). HELLO's priority 1 comes sooner:
/// HELLO also lists a node still in handshake, which ADDJOB does not count,
/// so a REPLICATE 3 right after HELLO looks healthy can still get NOREPL.
func waitUntilReplicable(_ cluster: TestCluster) async throws {
    let others = cluster.nodes.count - 1
    try await waitFor("cluster_reachable_nodes:\(others) on every node", timeout: .seconds(30)) {
        try cluster.nodes.allSatisfy { node in
            let info = try node.send(["CLUSTER", "INFO"]).string ?? ""
            return info.contains("cluster_reachable_nodes:\(others)\r\n")
                && info.contains("cluster_known_nodes:\(others + 1)\r\n")
        }
    }
}

/// Bodies a worker received, in order, shared with the test.
final class BodyLog: Sendable {
    private let list = Mutex<[String]>([])
    func append(_ body: String) { list.withLock { $0.append(body) } }
    var all: [String] { list.withLock { $0 } }
    var unique: Set<String> { Set(all) }
}

import Synchronization
