import Disque
import DisqueTestSupport
import Foundation
import Testing

/// `--jobs ACTION` over many JSCAN pages, and `--jobs export | --import`
/// byte for byte, with the real binary against MiniDisque or the real server.
@Suite("Jobs: --jobs, export and --import")
struct JobTransferTests {
    /// Adds `count` jobs through one pipelined stdin run; returns their IDs.
    static func fill(_ node: TestNode, _ queue: String, count: Int) throws -> [String] {
        let script = (0..<count).map { "ADDJOB \(queue) job-\($0) 0\n" }.joined()
        let result = try node.cli([], input: script)
        guard result.status == 0, result.lines.count == count else { throw TestFailure("fill: \(result)") }
        return result.lines
    }

    @Test("count, list, dry-run, dequeue, enqueue, delete: every job across several JSCAN pages (page 200)")
    func bulkAcrossPages() throws {
        let node = try TestNode()
        let ids = try Self.fill(node, "bulk", count: 1050)
        _ = try Self.fill(node, "other", count: 7)
        #expect(try node.cli(["--jobs", "count", "--in", "bulk"]).out == "1050\n")
        #expect(try node.cli(["--jobs", "count"]).out == "1057\n")
        let listed = try node.cli(["--jobs", "list", "--in", "bulk", "--state", "queued"])
        #expect(Set(listed.lines) == Set(ids) && listed.lines.count == 1050, "\(listed.lines.count)")

        let dry = try node.cli(["--jobs", "delete", "--in", "bulk", "--dry-run"])
        #expect(dry.status == 0 && dry.out == "would delete 1050 jobs (queue bulk on 127.0.0.1:\(node.port))\n", "\(dry)")
        #expect(try node.send(["QLEN", "bulk"]) == .integer(1050))

        let dequeued = try node.cli(["--jobs", "dequeue", "--in", "bulk"])
        #expect(dequeued.out.hasPrefix("dequeue: 1050 of 1050 jobs"), "\(dequeued)")
        #expect(try node.send(["QLEN", "bulk"]) == .integer(0))
        #expect(try node.cli(["--jobs", "count", "--in", "bulk", "--state", "active"]).out == "1050\n")
        let enqueued = try node.cli(["--json", "--jobs", "enqueue", "--in", "bulk"])
        #expect(enqueued.out == #"{"action":"enqueue","selected":1050,"affected":1050}"# + "\n", "\(enqueued)")
        #expect(try node.send(["QLEN", "bulk"]) == .integer(1050))

        let deleted = try node.cli(["--jobs", "delete", "--in", "bulk"])
        #expect(deleted.status == 0 && deleted.out.hasPrefix("delete: 1050 of 1050 jobs"), "\(deleted)")
        #expect(try node.send(["QLEN", "bulk"]) == .integer(0))
        #expect(try node.send(["QLEN", "other"]) == .integer(7))
        let acked = try node.cli(["--jobs", "ack", "--in", "other"])
        #expect(acked.out.hasPrefix("ack: 7 of 7 jobs"), "\(acked)")
        #expect(try node.cli(["--jobs", "count"]).out == "0\n")
    }

    @Test("a destructive action asks on a terminal, with the count; no answer changes nothing")
    func confirmation() throws {
        let node = try TestNode()
        _ = try Self.fill(node, "ask", count: 3)
        let terminal = try ShellTerminal(["-p", "\(node.port)", "--jobs", "delete", "--in", "ask"])
        defer { terminal.stop() }
        try terminal.waitFor("Delete 3 jobs (queue ask on 127.0.0.1:\(node.port))? [y/N]")
        try terminal.enter("n")
        #expect(try terminal.waitForExit() == 2)
        #expect(try node.send(["QLEN", "ask"]) == .integer(3))

        let again = try ShellTerminal(["-p", "\(node.port)", "--jobs", "delete", "--in", "ask"])
        defer { again.stop() }
        try again.waitFor("[y/N]")
        try again.enter("y")
        #expect(try again.waitForExit() == 0)
        #expect(try node.send(["QLEN", "ask"]) == .integer(0))
    }

    @Test("export | import round-trips bodies byte for byte (NUL, CR/LF, invalid UTF-8, 3 MB) and the options")
    func roundTrip() throws {
        let node = try TestNode()
        let connection = try node.connect()
        defer { connection.close() }
        let big = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let bodies: [[UInt8]] = [Array("plain".utf8), [0x61, 0x00, 0x62, 0x0D, 0x0A, 0x63], [0xFF, 0xFE, 0x00, 0x80],
                                 Array("é \"quoted\" \\ \u{1F600}\t".utf8), [], big]
        for (index, body) in bodies.enumerated() {
            _ = try connection.addJob(queue: "src", body: body, retry: .seconds(Int64(10 + index)),
                                      ttl: .seconds(Int64(5000 + index)))
        }
        let export = try node.cli(["--jobs", "export", "--in", "src"])
        #expect(export.status == 0 && export.lines.count == bodies.count, "\(export.err)")
        #expect(export.err.contains("exported \(bodies.count) jobs"))
        #expect(!export.out.contains("\u{0}"))
        _ = try node.cli(["--jobs", "delete", "--in", "src"])

        let imported = try node.cli(["--import"], stdin: export.stdout)
        #expect(imported.status == 0 && imported.lines.count == bodies.count, "\(imported.err)")
        var seen: [[UInt8]] = []
        for line in imported.lines {
            let id = try #require(JobID(line))
            let info = try #require(try connection.show(id))
            #expect(info.queue == "src")
            let index = try #require(bodies.firstIndex(of: info.body), "a body changed on the way")
            #expect(info.retry == .seconds(Int64(10 + index)), "\(info.retry)")
            #expect(info.ttl <= .seconds(Int64(5000 + index)) && info.ttl >= .seconds(Int64(4990 + index)), "\(info.ttl)")
            seen.append(info.body)
        }
        #expect(Set(seen) == Set(bodies) && seen.count == bodies.count)
    }

    @Test("import reads a hand-written line, reports bad lines by number and goes on; --json maps old to new IDs")
    func importLines() throws {
        let node = try TestNode()
        let input = #"{"queue":"hand","body":{"base64":"AAEC"},"retry":5}"# + "\nnot json\n"
            + #"{"queue":"hand","id":"D-old","body":"two\nlines","state":"acked"}"# + "\n"
            + #"{"id":"D-old2","queue":"hand","body":"x"}"#
        let result = try node.cli(["--json", "--import"], input: input)
        #expect(result.status == 1, "\(result)")
        #expect(result.err.contains("line 2: not an exported job"), "\(result)")
        #expect(result.err.contains("imported 2 jobs, skipped 1 acked, 1 failed"), "\(result)")
        #expect(result.lines.count == 2 && result.lines[1].contains(#""was":"D-old2","queue":"hand"}"#), "\(result)")
        let peek = try node.connect().qpeek("hand", count: 10)
        #expect(peek.map(\.body) == [[0, 1, 2], Array("x".utf8)])
    }
}
