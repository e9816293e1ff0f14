import DisqueTestSupport
import RESP
import Testing

/// What a real three-node cluster does with nothing but single-node clients:
/// the ground the cluster-aware client stands on. Shares one cluster, formed
/// once per run, and leaves it as it found it.
@Suite("Real three-node cluster", .enabled(if: TestCluster.isAvailable, "needs the real Disque: set DISQUE_SERVER"))
struct ClusterFixtureTests {
    @Test("HELLO on every node lists the three nodes, each with priority 1")
    func hello() throws {
        let cluster = try TestCluster.shared()
        let ports = Set(cluster.nodes.map(\.port))
        for node in cluster.nodes {
            let entries = try TestCluster.helloEntries(node)
            #expect(Set(entries.map(\.port)) == ports)
            #expect(entries.allSatisfy { $0.priority == 1 && $0.host == "127.0.0.1" })
            #expect(Set(entries.map(\.id)).count == 3)
        }
    }

    @Test("ADDJOB REPLICATE 3 puts a copy on every node; SHOW on each lists all three")
    func replicateEverywhere() throws {
        let cluster = try TestCluster.shared()
        let id = try #require(try cluster.nodes[0].send(["ADDJOB", "fixture-rep", "body", "5000", "REPLICATE", "3"]).string)
        #expect(try cluster.node(creating: id).port == cluster.nodes[0].port)
        let ids = try Set(cluster.nodes.map { try $0.nodeID })
        for node in cluster.nodes {
            let show = try node.send(["SHOW", id]).array ?? []
            let fields = Dictionary(stride(from: 0, to: show.count - 1, by: 2).compactMap { i in
                show[i].string.map { ($0, show[i + 1]) }
            }, uniquingKeysWith: { first, _ in first })
            let delivered = Set((fields["nodes-delivered"]?.array ?? []).compactMap(\.string))
            #expect(delivered == ids, "SHOW on \(node.port)")
            #expect(fields["body"] == .bulk("body"))
        }
        _ = try cluster.nodes[0].send(["DELJOB", id])
        for node in cluster.nodes.dropFirst() { _ = try node.send(["DELJOB", id]) }
    }

    @Test("a job added on one node is delivered by GETJOB on another, and ACKJOB there acks it everywhere")
    func federatedDelivery() throws {
        let cluster = try TestCluster.shared()
        let producer = cluster.nodes[0], consumer = cluster.nodes[2]
        let id = try #require(try producer.send(["ADDJOB", "fixture-fed", "hop", "5000", "REPLICATE", "2"]).string)
        // The consumer's node federates: it asks the others for jobs of a queue it has clients for.
        let reply = try consumer.send(["GETJOB", "TIMEOUT", "8000", "FROM", "fixture-fed"])
        let job = try #require(reply.array?.first?.array)
        #expect(job == [.bulk("fixture-fed"), .bulk(id), .bulk("hop")])
        #expect(try consumer.send(["ACKJOB", id]).int != nil)
        try waitUntil("job \(id) gone from every node") {
            try cluster.nodes.allSatisfy { node in
                let show = try node.send(["SHOW", id])
                return show == .nullBulk || show.array?.contains(.bulk("acked")) == true
            }
        }
    }

    @Test("a node's ID survives kill -9 and a restart on the same port and --dir")
    func restartKeepsNodeID() throws {
        let node = try TestNode(backend: .realServer(try #require(TestNode.realServerPath)))
        let before = try node.nodeID
        node.kill()
        #expect(!LoopbackPorts.isListening(node.port))
        try node.restart()
        #expect(try node.nodeID == before)
    }
}
