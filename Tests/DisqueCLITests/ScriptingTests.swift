import DisqueTestSupport
import Foundation
import RESP
import Testing

/// Commands on stdin and `--pipe`, through the real binary against MiniDisque.
@Suite("Scripting: stdin mode and --pipe")
struct ScriptingTests {
    @Test("stdin mode: one command a line, the shell's quoting, replies in input order")
    func stdinMode() throws {
        let node = try TestNode()
        let input = """
            PING
            ADDJOB q "two words" 0
            qlen q

            PING 'single \\' quote'
            PING "tab\\there\\x41"
            """
        let result = try node.cli([], input: input)
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.count == 5, "\(result)")
        #expect(result.lines[0] == "PONG")
        #expect(result.lines[1].hasPrefix("D-"))
        #expect(result.lines[2] == "1")
        #expect(result.lines[3] == "single ' quote")
        #expect(result.lines[4] == "tab\thereA")
        #expect(result.err == "")
        let peek = try node.send(["QPEEK", "q", "1"])
        #expect(peek.array?.first?.array?[2] == .bulk("two words"))
    }

    @Test("a failing line is reported with its number; the rest goes on; exit status 1")
    func failingLines() throws {
        let node = try TestNode()
        let input = """
            ADDJOB q a 0
            FOO bar
            ADDJOB q "unbalanced 0
            ADDJOB q b notanumber
            ADDJOB q c 0
            QLEN q
            """
        let result = try node.cli([], input: input + "\n")
        #expect(result.status == 1, "\(result)")
        #expect(result.err.contains("line 2: ERR unknown command 'FOO'"), "\(result)")
        #expect(result.err.contains("line 3: Invalid argument(s)"), "\(result)")
        #expect(result.err.contains("line 4: ADDJOB: <ms-timeout>"), "\(result)")
        // Lines 3 and 4 were never sent: two jobs, in order, and QLEN sees them.
        #expect(result.lines.last == "2", "\(result)")
        #expect(try node.send(["QLEN", "q"]) == .integer(2))
        // Every line has its record on stdout, in its place: the server's error and the refusals too.
        #expect(result.lines.count == 6 && result.lines[1] == "ERR unknown command 'FOO'", "\(result)")
        #expect(result.lines[2].hasPrefix("Invalid argument(s)") && result.lines[3].hasPrefix("ADDJOB: <ms-timeout>"))
    }

    @Test("one output record per line, in input order, refused lines included, on every output format",
          arguments: [[], ["--no-raw"], ["--csv"], ["--json"]])
    func oneRecordPerLine(format: [String]) throws {
        let node = try TestNode()
        let input = "addjob sq a 0\nqlen sq\nbogus\naddjob sq x abc\n\"unterminated\nqlen sq\n"
        let result = try node.cli(format, input: input)
        #expect(result.status == 1, "\(result)")
        #expect(result.lines.count == 6, "\(result)")
        guard result.lines.count == 6 else { return }
        #expect(result.lines[0].contains("D-"))
        #expect(result.lines[1].contains("1") && result.lines[5].contains("1"))
        #expect(result.lines[2].contains("unknown command"))
        #expect(result.lines[3].contains("<ms-timeout>"))
        #expect(result.lines[4].contains("Invalid argument(s)"))
        // stderr names the failing lines in input order.
        let numbers = result.err.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("line ") else { return nil }
            return Int(line.dropFirst(5).prefix { $0.isNumber })
        }
        #expect(numbers == [3, 4, 5], "\(result)")
    }

    @Test("a 16 MB body on one stdin line arrives whole")
    func longLine() throws {
        let node = try TestNode()
        let body = String(repeating: "x", count: 16 << 20)
        let result = try node.cli([], input: "ADDJOB big \(body) 0\nQLEN big\n", timeout: .seconds(60))
        #expect(result.status == 0 && result.lines.last == "1", "\(result.err)")
        let peek = try node.send(["QPEEK", "big", "1"])
        #expect(peek.array?.first?.array?[2].bytes?.count == 16 << 20)
    }

    @Test("thousands of lines: every one sent exactly once, replies in order")
    func manyLines() throws {
        let node = try TestNode()
        let count = 5000
        var input = ""
        for i in 0..<count { input += "ADDJOB q job\(i) 0\n" }
        input += "QLEN q\nQPEEK q 1\nQPEEK q -1"  // last line without a newline
        let result = try node.cli([], input: input)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.lines.count == count + 1 + 3 + 3)
        #expect(Set(result.lines.prefix(count)).count == count)
        #expect(result.lines[count] == "\(count)")
        #expect(result.lines[count + 3] == "job0" && result.lines[count + 6] == "job\(count - 1)")
        #expect(try node.send(["QLEN", "q"]) == .integer(Int64(count)))
    }

    @Test("a blocking GETJOB keeps its meaning: its reply comes when a job does")
    func blockingGetJob() throws {
        let node = try TestNode()
        let process = try CLIProcess(node.address, closeInput: false)
        process.send("PING\nGETJOB FROM bq\n")
        #expect(process.waitForOutput(containing: "PONG\n"))
        process.run(for: .milliseconds(300))
        #expect(process.stdout == Array("PONG\n".utf8), "GETJOB answered before any job existed")
        _ = try node.send(["ADDJOB", "bq", "wake", "0"])
        #expect(process.waitForOutput(containing: "wake\n"))
        process.send("QLEN bq\n")
        let result = process.finish(timeout: .seconds(10))
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.first == "PONG" && result.lines[1] == "bq" && result.lines[3] == "wake", "\(result)")
        #expect(result.lines.last == "0", "\(result)")
    }

    @Test("replies reach stdout while stdin stays open (a slow producer is not starved)")
    func interactiveProducer() throws {
        let node = try TestNode()
        let process = try CLIProcess(node.address + ["--json"], closeInput: false)
        process.send("QLEN q\n")
        #expect(process.waitForOutput(containing: "0\n", timeout: .seconds(5)))
        process.send("PING\n")
        #expect(process.waitForOutput(containing: "\"PONG\"\n", timeout: .seconds(5)))
        #expect(process.finish().status == 0)
    }

    @Test("--echo in stdin mode shows every command and reply")
    func echoStdin() throws {
        let node = try TestNode()
        let result = try node.cli(["--echo"], input: "PING\nQLEN q\n")
        #expect(result.out == "PONG\n0\n")
        #expect(result.err == "> PING\n> QLEN q\n< +PONG\n< :0\n", "\(result)")
    }

    @Test("AUTH in stdin mode works, and --echo masks the password")
    func authStdin() throws {
        let node = try TestNode(password: "pw")
        let result = try node.cli(["--echo"], input: "AUTH pw\nPING\n")
        #expect(result.status == 0 && result.out == "OK\nPONG\n", "\(result)")
        #expect(result.err.contains("> AUTH ********") && !result.err.contains("pw\n"), "\(result)")
    }

    @Test("--json in stdin mode: one JSON value a line, errors as objects")
    func jsonStdin() throws {
        let node = try TestNode()
        let result = try node.cli(["--json"], input: "PING\nFOO\nGETJOB NOHANG FROM none\n")
        #expect(result.lines == ["\"PONG\"", #"{"error":"ERR unknown command 'FOO'"}"#, "[]"], "\(result)")
        #expect(result.status == 1)
    }

    // MARK: - --pipe

    private func resp(_ commands: [[String]]) -> [UInt8] {
        var out: [UInt8] = []
        for command in commands { RESPEncoder.encodeCommand(command, into: &out) }
        return out
    }

    @Test("--pipe counts replies and errors, detects the end with PING, loses nothing")
    func pipe() throws {
        let node = try TestNode()
        var commands: [[String]] = (0..<2000).map { ["ADDJOB", "q", "job \($0)", "0"] }
        commands.insert(["FOO"], at: 10)
        commands.append(["BAR", "x"])
        let start = ContinuousClock.now
        let result = try node.cli(["--pipe"], stdin: resp(commands))
        #expect(ContinuousClock.now - start < .seconds(10))  // no 30 s ECHO-style hang
        #expect(result.status == 1, "\(result)")
        #expect(result.out == "errors: 2, replies: 2002\n", "\(result)")
        #expect(result.err.contains("ERR unknown command 'FOO'"), "\(result)")
        #expect(result.err.contains("Last reply received from server."), "\(result)")
        #expect(try node.send(["QLEN", "q"]) == .integer(2000))

        let clean = try node.cli(["--pipe"], stdin: resp([["PING"], ["QLEN", "q"]]))
        #expect(clean.status == 0 && clean.out == "errors: 0, replies: 2\n", "\(clean)")
        // Empty input: just our PING, nothing counted.
        #expect(try node.cli(["--pipe"]).out == "errors: 0, replies: 0\n")
    }

    @Test("--pipe with large replies in flight does not deadlock")
    func pipeLargeReplies() throws {
        let node = try TestNode()
        let body = String(repeating: "x", count: 4000)
        _ = try node.cli(["--pipe"], stdin: resp((0..<200).map { _ in ["ADDJOB", "big", body, "0"] }))
        // 300 × QPEEK of 200 × 4 KB: ~240 MB of replies would block a client that writes before it reads.
        let result = try node.cli(["--pipe"], stdin: resp(Array(repeating: ["QPEEK", "big", "200"], count: 300)),
                                  timeout: .seconds(60))
        #expect(result.status == 0 && result.out == "errors: 0, replies: 300\n", "\(result)")
    }

    @Test("--pipe-timeout: no progress for that long is an error exit")
    func pipeTimeout() throws {
        let node = try TestNode()
        let start = ContinuousClock.now
        let result = try node.cli(["--pipe", "--pipe-timeout", "1"], stdin: resp([["GETJOB", "FROM", "never"]]))
        #expect(result.status == 3, "\(result)")
        #expect(result.err.contains("--pipe-timeout"), "\(result)")
        #expect(ContinuousClock.now - start < .seconds(8))
    }

    @Test("--pipe with a password, and --echo")
    func pipeAuthAndEcho() throws {
        let node = try TestNode(password: "pw")
        let result = try node.cli(["--pipe", "--echo"], stdin: resp([["PING"]]), environment: ["DISQUE_AUTH": "pw"])
        #expect(result.out == "errors: 0, replies: 1\n", "\(result)")
        #expect(result.err.contains("> PING\n") && result.err.contains("< +PONG\n"), "\(result)")
        // Our own AUTH is echoed like every command sent, before its reply, its password masked.
        let lines = result.err.split(separator: "\n").map(String.init)
        let auth = try #require(lines.firstIndex(of: "> AUTH ********"), "\(result)")
        #expect(lines.firstIndex(of: "< +OK").map { $0 > auth } == true, "\(result)")
        #expect(!result.err.contains("pw\n") && !result.err.contains(" pw"), "\(result)")
        let wrong = try node.cli(["--pipe"], stdin: resp([["PING"]]), environment: ["DISQUE_AUTH": "bad"])
        #expect(wrong.status == 3, "\(wrong)")
    }
}
