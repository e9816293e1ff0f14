@testable import DisqueCLI
import Disque
import DisqueTestSupport
import Foundation
import Testing

/// -h lists, -u, DISQUE_NODES and -p given twice: parsed the same by the fast
/// parser and by ArgumentParser, and run by the real binary against one node
/// (MiniDisque, or the real server with DISQUE_SERVER).
@Suite("Cluster flags: -h lists, -u, DISQUE_NODES, -p once")
struct ClusterFlagParsingTests {
    /// The nodes a command line names, through both parsers (which must agree).
    private func nodes(_ arguments: [String]) throws -> [DisqueEndpoint] {
        let line = arguments + ["PING"]
        let fast = try #require(CLIOptions.parseFast(line), "fast parser refused \(line)")
        let full = try DisqueCLICommand.parse(line).options
        #expect(fast == full, "the two parsers disagree on \(line)")
        return full.nodes
    }

    @Test("-h takes host:port lists, repeats, IPv6 in brackets; -p is the port of entries without one")
    func hostLists() throws {
        #expect(try nodes([]) == [.tcp(host: "127.0.0.1", port: 7711)])
        #expect(try nodes(["-h", "127.0.0.1:7712"]) == [.tcp(host: "127.0.0.1", port: 7712)])
        #expect(try nodes(["-h", "a:7711,b:7712", "-h", "c"]) == [
            .tcp(host: "a", port: 7711), .tcp(host: "b", port: 7712), .tcp(host: "c", port: 7711)])
        #expect(try nodes(["-h", "a,b:1", "-p", "9"]) == [.tcp(host: "a", port: 9), .tcp(host: "b", port: 1)])
        #expect(try nodes(["-h", "[::1]:7713,[::1],::1"]) == [.tcp(host: "::1", port: 7713), .tcp(host: "::1", port: 7711)])
        // The same node twice is one node: one-node behaviour, not the cluster client.
        #expect(try nodes(["-h", "a:1,a:1"]) == [.tcp(host: "a", port: 1)])
        #expect(DisqueEndpoint.tcp(host: "::1", port: 7713).description == "[::1]:7713")
    }

    @Test("-u disque://[:password@]host:port,... gives the nodes and the password; -a still wins")
    func uri() throws {
        #expect(try nodes(["-u", "disque://127.0.0.1:7712,127.0.0.1"]) == [
            .tcp(host: "127.0.0.1", port: 7712), .tcp(host: "127.0.0.1", port: 7711)])
        let line = ["-u", "disque://:p%40ss@[::1]:7000/", "PING"]
        let options = try #require(CLIOptions.parseFast(line))
        #expect(options.nodes == [.tcp(host: "::1", port: 7000)])
        #expect(options.resolvedPassword == "p@ss")
        #expect(try DisqueCLICommand.parse(["-a", "other"] + line).options.resolvedPassword == "other")
    }

    @Test("mistakes are usage errors, worded by the parser that saw them", arguments: [
        (["-p", "7711", "-p", "7712"], "-p given 2 times"),
        (["-h", "a:7711,,b"], "bad node address"),
        (["-h", "a:99999"], "port must be a number from 1 to 65535"),
        (["-h", "[::1"], "never closed"),
        (["-u", "redis://x"], "expected disque://"),
        (["-u", "disque://ann:pw@x"], "Disque has no users"),
        (["-u", "disque://x", "-h", "y"], "Choose -u or -h"),
        (["--nodes", "PING"], "view of its own"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        #expect(CLIOptions.parseFast(arguments) == nil)
        #expect(throws: (any Error).self) { try DisqueCLICommand.parse(arguments) }
        let result = try CLIProcess.run(arguments + (arguments.contains("PING") ? [] : ["PING"]))
        #expect(result.status == 2, "\(result)")
        #expect(result.err.contains(message), "\(result)")
        #expect(result.out == "")
    }

    @Test("the binary: -h host:port reaches the node (it used to resolve \"host:port\" as a name)")
    func hostWithPort() throws {
        let node = try TestNode()
        let result = try CLIProcess.run(["-h", "127.0.0.1:\(node.port)", "PING"])
        #expect(result.status == 0 && result.out == "PONG\n" && result.err == "", "\(result)")
        let uri = try CLIProcess.run(["-u", "disque://127.0.0.1:\(node.port)", "PING"])
        #expect(uri.status == 0 && uri.out == "PONG\n", "\(uri)")
    }

    @Test("the binary: -u carries the password to AUTH")
    func uriPassword() throws {
        let node = try TestNode(password: "s3cret")
        let good = try CLIProcess.run(["-u", "disque://:s3cret@127.0.0.1:\(node.port)", "PING"])
        #expect(good.status == 0 && good.out == "PONG\n", "\(good)")
        let bad = try CLIProcess.run(["-u", "disque://:wrong@127.0.0.1:\(node.port)", "PING"])
        #expect(bad.status == 3, "\(bad)")
    }

    @Test("the binary: DISQUE_NODES names the nodes when -h does not; -h wins over it")
    func environmentNodes() throws {
        let node = try TestNode()
        let dead = try LoopbackPorts.free()
        let fromEnv = try CLIProcess.run(["PING"], environment: ["DISQUE_NODES": "127.0.0.1:\(node.port)"])
        #expect(fromEnv.status == 0 && fromEnv.out == "PONG\n", "\(fromEnv)")
        let overridden = try CLIProcess.run(["-h", "127.0.0.1:\(node.port)", "PING"],
                                            environment: ["DISQUE_NODES": "127.0.0.1:\(dead)"])
        #expect(overridden.status == 0, "\(overridden)")
        let broken = try CLIProcess.run(["PING"], environment: ["DISQUE_NODES": "127.0.0.1:x"])
        #expect(broken.status == 2 && broken.err.contains("DISQUE_NODES"), "\(broken)")
    }

    @Test("the binary: two nodes, the first dead — one-shot uses the live one, silently")
    func deadFirstSeed() throws {
        let node = try TestNode()
        let dead = try LoopbackPorts.free()
        let list = "127.0.0.1:\(dead),127.0.0.1:\(node.port)"
        let added = try CLIProcess.run(["-h", list, "ADDJOB", "q", "x", "0"])
        #expect(added.status == 0 && added.out.hasPrefix("D-"), "\(added)")
        #expect(added.err == "", "\(added)")
        #expect(try node.send(["QLEN", "q"]) == .integer(1))
        // Every node dead: exit 3, naming what failed.
        let none = try CLIProcess.run(["-h", "127.0.0.1:\(dead),127.0.0.1:\(try LoopbackPorts.free())", "PING"])
        #expect(none.status == 3 && !none.err.isEmpty, "\(none)")
    }

    @Test("the binary: stdin mode with several nodes stays on the first that answers and says which")
    func stdinOnOneNode() throws {
        let node = try TestNode()
        let dead = try LoopbackPorts.free()
        let list = "127.0.0.1:\(dead),127.0.0.1:\(node.port)"
        let result = try CLIProcess.run(["-h", list], stdin: Array("addjob q a 0\nqlen q\n".utf8))
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.last == "1", "\(result)")
        #expect(result.err.contains("stdin mode runs on one node: 127.0.0.1:\(node.port) (of 2 given)"), "\(result)")
        let piped = try CLIProcess.run(["-h", list, "--pipe"], stdin: Array("*1\r\n$4\r\nPING\r\n".utf8))
        #expect(piped.status == 0 && piped.out == "errors: 0, replies: 1\n", "\(piped)")
        #expect(piped.err.contains("--pipe runs on one node: 127.0.0.1:\(node.port)"), "\(piped)")
        // One node given: no note, as before.
        #expect(try node.cli([], input: "qlen q\n").err == "")
    }

    @Test("--nodes and --queue on one node: the node as ok, its INFO figures, the queue's length")
    func viewsOnOneNode() throws {
        let node = try TestNode()
        _ = try node.send(["ADDJOB", "vq", "a", "0"])
        _ = try node.send(["ADDJOB", "vq", "b", "0"])
        let table = try node.cli(["--nodes"])
        #expect(table.status == 0, "\(table)")
        #expect(table.lines.first?.hasPrefix("   node ") == true, "\(table)")
        let row = try #require(table.lines.dropFirst().first)
        #expect(row.hasPrefix("*  127.0.0.1:\(node.port) ") && row.contains(" ok "), "\(table)")
        let json = try node.cli(["--json", "--nodes"])
        let nodes = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [[String: Any]])
        #expect(nodes.count == 1 && nodes[0]["state"] as? String == "ok" && nodes[0]["jobs"] as? Int == 2, "\(json)")
        #expect(nodes[0]["queues"] as? Int == 1 && nodes[0]["memory"] is String && nodes[0]["clients"] is Int, "\(json)")

        let queue = try node.cli(["--json", "--queue", "vq"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout)) as? [String: Any])
        let total = try #require(object["total"] as? [String: Any])
        #expect(total["qlen"] as? Int == 2 && total["nodes_answered"] as? Int == 1, "\(queue)")
        let text = try node.cli(["--queue", "vq"])
        #expect(text.lines.first == "queue vq" && text.lines.last?.hasPrefix("total") == true, "\(text)")
    }
}
