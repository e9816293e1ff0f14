import Disque
import DisqueTestSupport
import Foundation
import RESP
import Testing

/// DisqueCluster over real sockets against a real three-node cluster: seeds,
/// node death, LEAVING, NOREPL and the job commands' routing. Destructive
/// tests make their own cluster; read-only ones share one.
@Suite("DisqueCluster against a real cluster", .enabled(if: TestCluster.isAvailable, "needs the real Disque: set DISQUE_SERVER"))
struct ClusterClientTests {
    private func options(_ nodes: [TestNode], seeds: [Int]? = nil) -> DisqueClusterOptions {
        var options = DisqueClusterOptions.local(ports: seeds ?? nodes.map(\.port))
        options.readTimeout = .seconds(10)
        options.helloRefresh = nil
        return options
    }

    @Test("a dead first seed is skipped; HELLO from a live one gives all three nodes")
    func deadFirstSeed() throws {
        let cluster = try TestCluster.shared()
        let dead = try LoopbackPorts.free()
        // Several tries: the seed order is random, the dead one must never matter.
        for _ in 0..<4 {
            let client = try DisqueCluster(options: options(cluster.nodes, seeds: [dead, cluster.nodes[1].port]))
            defer { client.close() }
            #expect(Set(client.nodes.nodes.map(\.endpoint)) == Set(cluster.nodes.map(\.endpoint)))
            #expect(client.currentNode?.endpoint == cluster.nodes[1].endpoint)
            #expect(try client.ping() == "PONG")
        }
    }

    @Test("job commands on jobs created on each node go to a node that holds them")
    func jobCommandsPerNode() throws {
        let cluster = try TestCluster.shared()
        let client = try DisqueCluster(options: options(cluster.nodes, seeds: [cluster.nodes[0].port]))
        defer { client.close() }
        for (index, node) in cluster.nodes.enumerated() {
            let queue = "cc-jobs-\(index)"
            // REPLICATE 1: only the creator holds it, so a command sent elsewhere would miss.
            let id = try #require(try node.send(["ADDJOB", queue, "b\(index)", "0", "REPLICATE", "1", "RETRY", "5"]).string)
            let job = JobID(unchecked: id)
            #expect(try client.show(job)?.queue == queue, "SHOW of a job on \(node.port)")
            // Each answers 1 only on the node holding the job (0, or -NOJOB for WORKING, elsewhere).
            #expect(try client.dequeue(job) == 1, "DEQUEUE on \(node.port)")
            #expect(try node.send(["QLEN", queue]) == .integer(0))
            #expect(try client.nack(job) == 1, "NACK on \(node.port)")
            #expect(try client.dequeue(job) == 1, "DEQUEUE on \(node.port)")
            #expect(try client.enqueue(job) == 1, "ENQUEUE on \(node.port)")
            #expect(try node.send(["QLEN", queue]) == .integer(1))
            #expect(try client.working(job) > .zero, "WORKING on \(node.port)")
            #expect(try client.ackJob(job) == 1, "ACKJOB on \(node.port)")
            let second = try #require(try node.send(["ADDJOB", queue, "c", "0", "REPLICATE", "1"]).string)
            #expect(try client.fastAck(JobID(unchecked: second)) == 1, "FASTACK on \(node.port)")
            let third = try #require(try node.send(["ADDJOB", queue, "d", "0", "REPLICATE", "1"]).string)
            #expect(try client.delJob(JobID(unchecked: third)) == 1, "DELJOB on \(node.port)")
            #expect(try node.send(["SHOW", third]) == .nullBulk)
        }
    }

    @Test("NOREPL: too few nodes for REPLICATE is refused before the job exists and reported once tried twice")
    func norepl() throws {
        let cluster = try TestCluster.shared()
        let client = try DisqueCluster(options: options(cluster.nodes))
        defer { client.close() }
        var moves: [ClusterMove] = []
        client.onMove = { moves.append($0) }
        #expect {
            try client.addJob(queue: "cc-norepl", body: "x", timeout: .seconds(1), replicate: 5)
        } throws: { error in
            guard case DisqueError.reply("NOREPL", let message) = error else { return false }
            return message.hasPrefix("Not enough reachable nodes")
        }
        // A refusal is no verdict on the node: nobody moved.
        #expect(moves.isEmpty)
        for node in cluster.nodes { #expect(try node.send(["QLEN", "cc-norepl"]) == .integer(0)) }
    }

    @Test("kill -9 of the producer's node: the next ADDJOB succeeds elsewhere; every job reported added survives, none twice")
    func failover() throws {
        let cluster = try TestCluster(size: 3)
        let client = try DisqueCluster(options: options(cluster.nodes))
        defer { client.close() }
        var moves: [ClusterMove] = []
        client.onMove = { moves.append($0) }
        var added: [JobID] = []
        for index in 0..<20 { added.append(try client.addJob(queue: "cc-fail", body: "j\(index)", replicate: 2)) }
        let victimEndpoint = try #require(client.producerNode?.endpoint)
        let victim = try #require(cluster.nodes.first { $0.endpoint == victimEndpoint })
        victim.kill()
        let (next, took) = try measure { try client.addJob(queue: "cc-fail", body: "after", replicate: 2) }
        added.append(next)
        #expect(took < .seconds(1), "the ADDJOB after the kill took \(took)")
        #expect(client.producerNode?.endpoint != victimEndpoint)
        let move = try #require(moves.first)
        #expect(move.from?.endpoint == victimEndpoint && move.roles.contains(.producer))
        guard case .unreachable = move.reason else { Issue.record("move reason \(move.reason)"); return }
        #expect(move.description.hasPrefix("\(victimEndpoint) is unreachable"))
        // Every job the client reported as added is on a survivor.
        let survivors = cluster.nodes.filter(\.isRunning)
        for id in added {
            let known = try survivors.contains { try $0.send(["SHOW", id.rawValue]) != .nullBulk }
            #expect(known, "job \(id) not on any survivor")
        }
        // None added twice: each body once across the survivors' copies.
        var bodies: [String: Set<String>] = [:]
        for node in survivors {
            for job in try jobs(on: node, queue: "cc-fail") { bodies[job.body, default: []].insert(job.id) }
        }
        #expect(bodies.values.allSatisfy { $0.count == 1 }, "\(bodies.filter { $0.value.count > 1 })")
        // The node comes back with its ID; the client keeps working.
        try victim.restart()
        try cluster.waitUntilHealthy()
        _ = try client.addJob(queue: "cc-fail", body: "back", replicate: 2)
    }

    @Test("CLUSTER LEAVING yes on the consumer's node: GETJOB moves on, no job delivered twice; LEAVING no")
    func leaving() throws {
        let cluster = try TestCluster(size: 3)
        let client = try DisqueCluster(options: options(cluster.nodes))
        defer { client.close() }
        var moves: [ClusterMove] = []
        client.onMove = { moves.append($0) }
        let consumerEndpoint = try #require(client.currentNode?.endpoint)
        let leaving = try #require(cluster.nodes.first { $0.endpoint == consumerEndpoint })
        let other = try #require(cluster.nodes.first { $0.endpoint != consumerEndpoint })
        for index in 0..<6 { _ = try other.send(["ADDJOB", "cc-leave", "j\(index)", "0", "REPLICATE", "2", "RETRY", "30"]) }
        try leaving.setLeaving(true)
        try cluster.waitForPriority(on: leaving, of: leaving.port) { $0 == 100 }
        var delivered: [String] = []
        var failures: [String] = []
        let done = eventually(timeout: .seconds(20)) {
            do {
                for job in try client.getJob(from: "cc-leave", timeout: .milliseconds(200), count: 10) {
                    delivered.append(job.bodyText)
                    _ = try client.ackJob(job.id)
                }
            } catch {
                failures.append("\(error)")
            }
            return delivered.count >= 6
        }
        #expect(done, "delivered \(delivered); failures \(failures.prefix(3)); moves \(moves)")
        #expect(Set(delivered).count == delivered.count, "a job was delivered twice: \(delivered)")
        #expect(client.currentNode?.endpoint != consumerEndpoint)
        #expect(moves.contains { $0.from?.endpoint == consumerEndpoint && $0.reason == .leaving })
        try leaving.setLeaving(false)
        try cluster.waitForPriority(on: other, of: leaving.port) { $0 == 1 }
    }

    private func jobs(on node: TestNode, queue: String) throws -> [(id: String, body: String)] {
        var items: [RESPValue] = []
        var cursor = "0"
        repeat {
            let reply = try node.send(["JSCAN", cursor, "COUNT", "1000", "QUEUE", queue, "REPLY", "all"])
            cursor = reply.array?.first?.string ?? "0"
            items += reply.array?.dropFirst().first?.array ?? []
        } while cursor != "0"
        return items.compactMap { item in
            guard let fields = item.array else { return nil }
            var id: String?, body: String?
            for index in stride(from: 0, to: fields.count - 1, by: 2) {
                if fields[index].string == "id" { id = fields[index + 1].string }
                if fields[index].string == "body" { body = fields[index + 1].string }
            }
            guard let id, let body else { return nil }
            return (id, body)
        }
    }
}

/// The routing rule the LEAVING measurement led to, as a pure value test.
@Suite("Cluster policy: ACK routing")
struct ClusterAckRoutingTests {
    @Test("ACKJOB and FASTACK go first to the node that delivered the job, other commands to its creator")
    func ackToDeliveringNode() {
        let a = String(repeating: "a", count: 8) + String(repeating: "0", count: 32)
        let b = String(repeating: "b", count: 8) + String(repeating: "0", count: 32)
        let c = String(repeating: "c", count: 8) + String(repeating: "0", count: 32)
        let table = NodeTable(nodes: [a, b, c].enumerated().map { index, id in
            ClusterNode(id: id, endpoint: .tcp(host: "127.0.0.1", port: 7711 + index), priority: 1)
        })
        let job = JobID(unchecked: "D-aaaaaaaa-xxxxxxxxxxxxxxxxxxxxxxx1-05a1")
        var holders = JobHolders()
        holders.record(job, heldBy: c)
        let now = ContinuousClock.now
        for command in [JobCommand.ackJob, .fastAck] {
            #expect(table.candidates(for: command, job: job, holders: holders, fallback: b, at: now) == [c, a, b])
        }
        #expect(table.candidates(for: .nack, job: job, holders: holders, fallback: b, at: now) == [a, c, b])
        // A delivering node since found leaving comes after the healthy creator.
        var leaving = table
        leaving.setAside(c, .leaving, until: now + .seconds(60))
        #expect(leaving.candidates(for: .ackJob, job: job, holders: holders, fallback: b, at: now).first == a)
    }
}
