import DisqueTestSupport
import Foundation
import RESP
import Testing

/// disque-cli with several nodes against a real three-node cluster: one-shot
/// routing and failover, the shell's prompt, moves and `connect` completion,
/// and the cluster views. Destructive tests make their own cluster.
@Suite("disque-cli on a real cluster", .enabled(if: TestCluster.isAvailable, "needs the real Disque: set DISQUE_SERVER"))
struct ClusterCLITests {
    private func list(_ nodes: [TestNode]) -> String {
        nodes.map { "127.0.0.1:\($0.port)" }.joined(separator: ",")
    }

    @Test("a dead first seed: one-shot and --nodes still work through the others")
    func deadFirstSeed() throws {
        let cluster = try TestCluster.shared()
        let seeds = "127.0.0.1:\(try LoopbackPorts.free())," + list(cluster.nodes)
        let ping = try CLIProcess.run(["-h", seeds, "PING"])
        #expect(ping.status == 0 && ping.out == "PONG\n" && ping.err == "", "\(ping)")
        let view = try CLIProcess.run(["-h", seeds, "--nodes"])
        #expect(view.status == 0 && view.lines.count == 4, "\(view)")
        #expect(view.lines.dropFirst().allSatisfy { $0.contains(" ok ") }, "\(view)")
    }

    @Test("job commands with -h naming every node reach the node holding a job created on each node")
    func jobCommandsPerNode() throws {
        let cluster = try TestCluster.shared()
        let all = ["-h", list(cluster.nodes)]
        for (index, node) in cluster.nodes.enumerated() {
            let queue = "cli-jobs-\(index)"
            // REPLICATE 1: only the creator holds the job, so a command sent to another node would miss it.
            let id = try #require(try node.send(["ADDJOB", queue, "b", "0", "REPLICATE", "1", "RETRY", "5"]).string)
            let show = try CLIProcess.run(all + ["SHOW", id])
            #expect(show.status == 0 && show.out.contains(queue), "SHOW \(id): \(show)")
            // Each answers 1 only on the node holding the job (0, or -NOJOB for WORKING, elsewhere).
            for command in ["DEQUEUE", "NACK", "DEQUEUE", "ENQUEUE"] {
                let result = try CLIProcess.run(all + [command, id])
                #expect(result.out == "1\n", "\(command) of a job on \(node.port): \(result)")
            }
            let working = try CLIProcess.run(all + ["WORKING", id])
            #expect(working.status == 0 && Int(working.out.trimmingCharacters(in: .newlines)) != nil, "\(working)")
            #expect(try CLIProcess.run(all + ["ACKJOB", id]).out == "1\n")
            let second = try #require(try node.send(["ADDJOB", queue, "c", "0", "REPLICATE", "1"]).string)
            #expect(try CLIProcess.run(all + ["FASTACK", second]).out == "1\n", "FASTACK on \(node.port)")
            let third = try #require(try node.send(["ADDJOB", queue, "d", "0", "REPLICATE", "1"]).string)
            #expect(try CLIProcess.run(all + ["DELJOB", third]).out == "1\n", "DELJOB on \(node.port)")
            #expect(try node.send(["SHOW", third]) == .nullBulk)
        }
    }

    @Test("NOREPL: REPLICATE above the cluster's size is refused, exit 1, nothing created")
    func noreplTooFewNodes() throws {
        let cluster = try TestCluster.shared()
        let result = try CLIProcess.run(["-h", list(cluster.nodes), "ADDJOB", "cli-norepl", "x", "500", "REPLICATE", "5"])
        #expect(result.status == 1 && result.out.hasPrefix("NOREPL Not enough reachable nodes"), "\(result)")
        for node in cluster.nodes { #expect(try node.send(["QLEN", "cli-norepl"]) == .integer(0)) }
    }

    @Test("--queue sums one queue over the nodes, --json too")
    func queueView() throws {
        let cluster = try TestCluster.shared()
        for node in cluster.nodes { _ = try node.send(["ADDJOB", "cli-view", "x", "0", "REPLICATE", "1"]) }
        let json = try CLIProcess.run(["-h", list(cluster.nodes), "--json", "--queue", "cli-view"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any], "\(json)")
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        #expect(nodes.count == 3 && nodes.allSatisfy { $0["qlen"] as? Int == 1 }, "\(json)")
        #expect((object["total"] as? [String: Any])?["qlen"] as? Int == 3, "\(json)")
        let text = try CLIProcess.run(["-p", "\(cluster.nodes[0].port)", "--queue", "cli-view"])
        #expect(text.lines.last?.hasPrefix("total") == true && text.lines.last?.contains("3/3 nodes  3 ") == true, "\(text)")
        for node in cluster.nodes { _ = try node.send(["GETJOB", "NOHANG", "COUNT", "10", "FROM", "cli-view"]) }
    }

    @Test("kill -9 of a node: one-shot goes on through the others; --nodes says it failed; restart heals")
    func killAndRestart() throws {
        let cluster = try TestCluster(size: 3)
        let victim = cluster.nodes[0]
        victim.kill()
        let seeds = ["-h", list(cluster.nodes)]
        for _ in 0..<3 {  // the seed order is random: the dead one must never matter
            let added = try CLIProcess.run(seeds + ["ADDJOB", "cli-kill", "x", "2000", "REPLICATE", "2"])
            #expect(added.status == 0 && added.out.hasPrefix("D-"), "\(added)")
        }
        try cluster.waitForPriority(on: cluster.nodes[1], of: victim.port) { $0 >= 10 }
        let view = try CLIProcess.run(["-p", "\(cluster.nodes[1].port)", "--json", "--nodes"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(view.stdout)) as? [[String: Any]], "\(view)")
        let dead = try #require(rows.first { $0["node"] as? String == "127.0.0.1:\(victim.port)" })
        #expect(["suspected", "failed"].contains(dead["state"] as? String) && dead["error"] is String, "\(view)")
        try victim.restart()
        try cluster.waitUntilHealthy()
        #expect(try CLIProcess.run(["-p", "\(cluster.nodes[1].port)", "--nodes"]).lines.dropFirst()
                .allSatisfy { $0.contains(" ok ") })
    }

    @Test("the shell: the prompt shows its node; kill -9 of it moves the next ADDJOB, with a line saying so")
    func shellFailover() throws {
        let cluster = try TestCluster(size: 3)
        let terminal = try ShellTerminal(["-h", list(cluster.nodes)])
        let screen = try terminal.waitFor("a prompt naming a node") { screen in
            cluster.nodes.contains { screen.contains("127.0.0.1:\($0.port)> ") }
        }
        let current = try #require(cluster.nodes.first { screen.contains("127.0.0.1:\($0.port)> ") })
        current.kill()
        try terminal.type("ADDJOB cli-shell x 2000 REPLICATE 2")
        try terminal.press("Enter")
        try terminal.waitFor("127.0.0.1:\(current.port) is unreachable")
        let after = try terminal.waitFor("a prompt on another node") { screen in
            guard let last = screen.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }) else { return false }
            return cluster.nodes.contains { $0.port != current.port && last.hasPrefix("127.0.0.1:\($0.port)> ") }
        }
        #expect(after.contains("now on 127.0.0.1:"), "\(after)")
        let added = after.split(separator: "\n").filter { $0.hasPrefix("D-") || $0.hasPrefix("\"D-") }
        #expect(added.count == 1, "the job was added once: \(after)")
    }

    @Test("the shell: LEAVING yes on its node moves GETJOB off it; `nodes` shows leaving")
    func shellLeaving() throws {
        let cluster = try TestCluster(size: 3)
        let terminal = try ShellTerminal(["-h", list(cluster.nodes)])
        let screen = try terminal.waitFor("a prompt naming a node") { screen in
            cluster.nodes.contains { screen.contains("127.0.0.1:\($0.port)> ") }
        }
        let current = try #require(cluster.nodes.first { screen.contains("127.0.0.1:\($0.port)> ") })
        try current.setLeaving(true)
        try terminal.type("nodes")
        try terminal.press("Enter")
        try terminal.waitFor("the node marked leaving") { screen in
            screen.split(separator: "\n").contains { $0.contains("127.0.0.1:\(current.port)") && $0.contains("leaving") }
        }
        // A leaving node still takes an ADDJOB it can replicate elsewhere (keeping no
        // copy itself), but refuses a GETJOB that would wait: -LEAVING, and the client moves.
        try terminal.type("GETJOB TIMEOUT 100 FROM cli-leave")
        try terminal.press("Enter")
        try terminal.waitFor("127.0.0.1:\(current.port) is leaving; now on 127.0.0.1:")
        let moved = try terminal.waitFor("a prompt on another node") { screen in
            guard let last = screen.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }) else { return false }
            return last.hasPrefix("127.0.0.1:") && !last.hasPrefix("127.0.0.1:\(current.port)>")
        }
        #expect(!moved.contains("LEAVING This node"), "the refusal is handled, not shown: \(moved)")
        try current.setLeaving(false)
    }

    @Test("the shell: `connect <TAB>` offers the nodes from HELLO; connect moves the prompt")
    func connectCompletion() throws {
        let cluster = try TestCluster.shared()
        let terminal = try ShellTerminal(["-p", "\(cluster.nodes[0].port)"])
        let prompt = "127.0.0.1:\(cluster.nodes[0].port)> "
        try terminal.waitForLastLine(prompt)
        try terminal.type("connect 127.0.0.1:\(String(cluster.nodes[2].port).prefix(2))")
        try terminal.press("Tab")
        try terminal.press("Tab")
        try terminal.waitFor("node addresses offered") { screen in
            cluster.nodes.filter { String($0.port).prefix(2) == String(cluster.nodes[2].port).prefix(2) }
                .allSatisfy { screen.contains("127.0.0.1:\($0.port)") }
        }
        try terminal.press("C-u")
        try terminal.type("connect 127.0.0.1 ")
        try terminal.press("Tab")
        try terminal.press("Tab")
        try terminal.waitFor("ports offered") { screen in cluster.nodes.allSatisfy { screen.contains("\($0.port)") } }
        try terminal.press("C-u")
        try terminal.type("connect 127.0.0.1:\(cluster.nodes[1].port)")
        try terminal.press("Enter")
        try terminal.waitForLastLine("127.0.0.1:\(cluster.nodes[1].port)> ")
    }
}
