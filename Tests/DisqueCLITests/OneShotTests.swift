import DisqueTestSupport
import Foundation
import RESP
import Testing

/// The real `disque-cli` binary, one command per run, against MiniDisque.
@Suite("OneShot: disque-cli CMD ARG...")
struct OneShotTests {
    @Test("off a terminal the output is raw: PONG, an integer, ADDJOB's bare ID")
    func rawOutput() throws {
        let node = try TestNode()
        let ping = try node.cli(["PING"])
        #expect(ping.status == 0)
        #expect(ping.out == "PONG\n")
        #expect(ping.err == "")

        let added = try node.cli(["ADDJOB", "q", "hello", "0"])
        #expect(added.status == 0, "\(added)")
        let id = added.out.trimmingCharacters(in: .newlines)
        #expect(id.hasPrefix("D-") && !id.contains(" ") && added.lines.count == 1, "\(added)")
        // The job really is there, seen through an independent connection.
        #expect(try node.send(["QLEN", "q"]) == .integer(1))
        #expect(try node.cli(["qlen", "q"]).out == "1\n")
        // Raw arrays: one value a line.
        #expect(try node.cli(["QPEEK", "q", "1"]).out == "q\n\(id)\nhello\n")
        #expect(try node.cli(["-d", ",", "QPEEK", "q", "1"]).out == "q,\(id),hello\n")
        // Null: an empty line, as redis-cli prints it.
        #expect(try node.cli(["GETJOB", "NOHANG", "FROM", "empty"]).out == "\n")
    }

    @Test("--no-raw: redis-cli's terminal style, plus layouts by reply shape")
    func prettyOutput() throws {
        let node = try TestNode()
        let id = try #require(try node.send(["ADDJOB", "q", "two words", "0"]).string)
        #expect(try node.cli(["--no-raw", "QLEN", "q"]).out == "(integer) 1\n")
        #expect(try node.cli(["--no-raw", "PING", "a\u{01}b"]).out == "\"a\\x01b\"\n")
        #expect(try node.cli(["--no-raw", "SHOW", "D-00000000-000000000000000000000000-0000"]).out == "(nil)\n")
        #expect(try node.cli(["--no-raw", "QPEEK", "q", "0"]).out == "(empty array)\n")
        #expect(try node.cli(["--no-raw", "QPEEK", "q", "1"]).out
                == "1) queue: q\n   id:    \(id)\n   body:  \"two words\"\n")
        let added = try node.cli(["--no-raw", "ADDJOB", "q", "x", "0"])
        // A status reply: bare, as redis-cli shows status replies.
        #expect(added.out.hasPrefix("D-") && !added.out.contains("\""), "\(added)")

        let stat = try node.cli(["--no-raw", "QSTAT", "q"])
        #expect(stat.lines.first == "name:        q", "\(stat)")
        #expect(stat.lines.contains("len:         2"), "\(stat)")

        let hello = try node.cli(["--no-raw", "HELLO"])
        #expect(hello.lines.first?.hasPrefix("HELLO version 1, this node ") == true, "\(hello)")
        #expect(hello.lines.count == 3 && hello.lines[2].contains("\(node.port)"), "\(hello)")
        #expect(hello.lines[2].hasSuffix("(this node)"), "\(hello)")

        let scan = try node.cli(["--no-raw", "QSCAN"])
        #expect(scan.out == "cursor: 0\n1) q\n", "\(scan)")
        // No colour when stdout is not a terminal, even in terminal style.
        #expect(!hello.out.contains("\u{1B}"))
        // A generic nested reply keeps redis-cli's numbering.
        let time = try node.cli(["--no-raw", "TIME"])
        #expect(time.lines.count == 2 && time.lines[0].hasPrefix("1) \"") && time.lines[1].hasPrefix("2) \""), "\(time)")
    }

    @Test("exit status: 0 success, 1 error reply, 2 usage or validation, 3 connection")
    func exitStatus() throws {
        let node = try TestNode()
        #expect(try node.cli(["PING"]).status == 0)

        let unknown = try node.cli(["--no-raw", "FOO", "bar"])
        #expect(unknown.status == 1)
        #expect(unknown.out == "(error) ERR unknown command 'FOO'\n", "\(unknown)")
        let badID = try node.cli(["ACKJOB", "not-a-job-id"])
        #expect(badID.status == 1 || badID.status == 2, "\(badID)")

        let invalid = try node.cli(["ADDJOB", "q", "body", "abc"])
        #expect(invalid.status == 2, "\(invalid)")
        #expect(invalid.err.contains("ADDJOB") && invalid.err.contains("<ms-timeout>"), "\(invalid)")
        #expect(invalid.err.contains("Usage: ADDJOB <queue> <job> <ms-timeout>"), "\(invalid)")
        #expect(invalid.out == "")
        // Nothing was sent for the invalid command.
        #expect(try node.send(["QLEN", "q"]) == .integer(0))

        #expect(try node.cli(["--raw", "--json", "PING"]).status == 2)
        #expect(try node.cli(["-r", "0", "PING"]).status == 2)
        let flag = try node.cli(["--bogus", "PING"])
        #expect(flag.status == 2 && flag.err.contains("--bogus"), "\(flag)")

        let closed = try CLIProcess.run(["-p", "\(try LoopbackPorts.free())", "PING"])
        #expect(closed.status == 3, "\(closed)")
        #expect(closed.err.contains("Connection refused") || closed.err.contains("refused"), "\(closed)")
        #expect(closed.out == "")
    }

    @Test("--help documents the exit codes and the environment; -h is the host")
    func help() throws {
        let help = try CLIProcess.run(["--help"])
        #expect(help.status == 0)
        for text in ["EXIT STATUS", "0  success", "2  usage error", "3  connection failure", "DISQUE_AUTH", "-h <host>"] {
            #expect(help.out.contains(text), "missing \(text)")
        }
        let node = try TestNode()
        #expect(try CLIProcess.run(["-h", "127.0.0.1", "-p", "\(node.port)", "PING"]).out == "PONG\n")
    }

    @Test("unknown commands are sent as typed; validation never blocks them")
    func unknownCommandSentAsTyped() throws {
        let node = try TestNode()
        let result = try node.cli(["--echo", "NOSUCHCOMMAND", "a"])
        #expect(result.status == 1)
        #expect(result.err.contains("> NOSUCHCOMMAND a"), "\(result)")
    }

    @Test("-x: the job body from stdin, byte for byte, lands where <job> goes")
    func bodyFromStdin() throws {
        let node = try TestNode()
        let body: [UInt8] = Array(0...255) + Array("\r\nend\n".utf8)
        let added = try node.cli(["-x", "ADDJOB", "bin", "0"], stdin: body)
        #expect(added.status == 0, "\(added)")
        let id = added.out.trimmingCharacters(in: .newlines)
        // The node holds exactly those bytes (our own RESP reader, not disque-cli).
        let peek = try node.send(["QPEEK", "bin", "1"])
        #expect(peek == .array([.array([.bulk("bin"), .bulk(Array(id.utf8)), .bulk(body)])]), "\(peek)")
        // --raw writes them back unchanged.
        let raw = try node.cli(["--raw", "QPEEK", "bin", "1"])
        #expect(raw.stdout == Array("bin\n\(id)\n".utf8) + body + [0x0A])
        // And on a terminal-style output they are escaped, never raw.
        let pretty = try node.cli(["--no-raw", "QPEEK", "bin", "1"])
        #expect(pretty.out.contains(#"body:  "\x00\x01\x02"#), "\(pretty)")
        // A command without a body takes stdin as its last argument.
        #expect(try node.cli(["-x", "PING"], input: "abc").out == "abc\n")
    }

    @Test("--json: typed objects for jobs, SHOW, QSTAT, HELLO and scans")
    func jsonShapes() throws {
        let node = try TestNode()
        let id = try #require(try node.send(["ADDJOB", "q", "hello", "0"]).string)

        func json(_ arguments: [String]) throws -> Any {
            let result = try node.cli(["--json"] + arguments)
            #expect(result.lines.count == 1, "\(result)")
            return try JSONSerialization.jsonObject(with: Data(result.stdout), options: [.fragmentsAllowed])
        }
        let jobs = try #require(try json(["GETJOB", "WITHCOUNTERS", "FROM", "q"]) as? [[String: Any]])
        #expect(jobs.count == 1)
        #expect(jobs[0]["queue"] as? String == "q" && jobs[0]["id"] as? String == id)
        #expect(jobs[0]["body"] as? String == "hello")
        #expect(jobs[0]["nacks"] as? Int == 0 && jobs[0]["additional-deliveries"] as? Int == 0)

        let show = try #require(try json(["SHOW", id]) as? [String: Any])
        #expect(show["id"] as? String == id && show["queue"] as? String == "q" && show["state"] as? String == "active")
        #expect(try json(["SHOW", "D-00000000-000000000000000000000000-0000"]) is NSNull)

        _ = try node.send(["ADDJOB", "q2", "x", "0"])
        let stat = try #require(try json(["QSTAT", "q2"]) as? [String: Any])
        #expect(stat["name"] as? String == "q2" && stat["len"] as? Int == 1)

        let hello = try #require(try json(["HELLO"]) as? [String: Any])
        let nodes = try #require(hello["nodes"] as? [[String: Any]])
        #expect(hello["version"] as? Int == 1 && nodes.count == 1)
        #expect(nodes[0]["port"] as? Int == node.port && nodes[0]["priority"] as? Int == 1)
        #expect(nodes[0]["id"] as? String == hello["id"] as? String)

        let scan = try #require(try json(["QSCAN", "COUNT", "100"]) as? [String: Any])
        #expect(scan["cursor"] as? String == "0")
        #expect(Set(scan["items"] as? [String] ?? []).isSuperset(of: ["q", "q2"]), "\(scan)")
        #expect(try json(["GETJOB", "NOHANG", "FROM", "nothing"]) as? [Any] != nil)
        #expect(try json(["QLEN", "q2"]) as? Int == 1)

        // INFO: sections of fields, not one string with CR LF inside.
        let info = try #require(try json(["INFO"]) as? [String: [String: String]])
        #expect(info["server"]?["disque_version"] == "1.0-rc1")
        #expect(info["server"]?["tcp_port"] == "\(node.port)")
        #expect(info["jobs"]?["registered_jobs"] != nil)
        let nodesTable = try #require(try json(["CLUSTER", "NODES"]) as? [[String: Any]])
        #expect(nodesTable.count == 1)
        #expect(nodesTable.first?["id"] as? String == hello["id"] as? String)
        #expect((nodesTable.first?["flags"] as? [String])?.contains("myself") == true)
        #expect(nodesTable.first?["link"] as? String == "connected")
    }

    @Test("--csv like redis-cli")
    func csv() throws {
        let node = try TestNode()
        let id = try #require(try node.send(["ADDJOB", "q", "a,b", "0"]).string)
        #expect(try node.cli(["--csv", "QPEEK", "q", "1"]).out == "\"q\",\"\(id)\",\"a,b\"\n")
        #expect(try node.cli(["--csv", "QLEN", "q"]).out == "1\n")
        #expect(try node.cli(["--csv", "FOO"]).out == "ERROR,\"ERR unknown command 'FOO'\"\n")
    }

    @Test("-r repeats, -i spaces the repeats")
    func repeatCount() throws {
        let node = try TestNode()
        let result = try node.cli(["-r", "3", "ADDJOB", "q", "x", "0"])
        #expect(result.status == 0 && result.lines.count == 3 && Set(result.lines).count == 3, "\(result)")
        #expect(try node.send(["QLEN", "q"]) == .integer(3))
        let start = ContinuousClock.now
        let spaced = try node.cli(["-r", "3", "-i", "0.15", "PING"])
        #expect(spaced.out == "PONG\nPONG\nPONG\n")
        #expect(ContinuousClock.now - start >= .milliseconds(300))
    }

    @Test("--echo writes each command and reply to stderr, stdout unchanged")
    func echo() throws {
        let node = try TestNode()
        let result = try node.cli(["--echo", "ADDJOB", "q", "hello world", "0"])
        #expect(result.status == 0)
        let lines = result.err.split(separator: "\n").map(String.init)
        #expect(lines.first == "> ADDJOB q \"hello world\" 0", "\(result)")
        #expect(lines.count == 2 && lines[1].hasPrefix("< +D-"), "\(result)")
        #expect(result.out.hasPrefix("D-") && result.lines.count == 1)
    }

    @Test("password: DISQUE_AUTH or -a; a wrong one is a connection failure (3); none gets NOAUTH (1)")
    func authentication() throws {
        let node = try TestNode(password: "s3cret")
        let none = try node.cli(["PING"])
        #expect(none.status == 1 && none.out.contains("NOAUTH"), "\(none)")
        #expect(try node.cli(["-a", "s3cret", "PING"]).out == "PONG\n")
        let env = try node.cli(["PING"], environment: ["DISQUE_AUTH": "s3cret"])
        #expect(env.status == 0 && env.out == "PONG\n", "\(env)")
        #expect(!env.err.contains("Warning"))
        let wrong = try node.cli(["PING"], environment: ["DISQUE_AUTH": "nope"])
        #expect(wrong.status == 3 && wrong.err.contains("invalid password"), "\(wrong)")
        // -a wins over the environment.
        #expect(try node.cli(["-a", "s3cret", "PING"], environment: ["DISQUE_AUTH": "nope"]).status == 0)
        // The password never shows in --echo.
        let echoed = try node.cli(["--echo", "-a", "s3cret", "PING"])
        #expect(!echoed.err.contains("s3cret"), "\(echoed)")
        // Nor a password set with CONFIG SET requirepass (whatever the node answers).
        let setting = try TestNode()
        let config = try setting.cli(["--echo", "CONFIG", "SET", "requirepass", "t0psecret"])
        #expect(!config.err.contains("t0psecret") && config.err.contains("********"), "\(config)")
    }

    @Test("-s: a node on a Unix socket")
    func unixSocket() throws {
        let node = try TestNode(unixSocket: true)
        let path = try #require(node.unixSocketPath)
        #expect(try CLIProcess.run(["-s", path, "PING"]).out == "PONG\n")
    }

    @Test("--embedded runs the command against an in-process node")
    func embedded() throws {
        let result = try CLIProcess.run(["--embedded", "ADDJOB", "q", "x", "0"])
        #expect(result.status == 0 && result.out.hasPrefix("D-"), "\(result)")
        let hello = try CLIProcess.run(["--embedded", "--json", "HELLO"])
        #expect(hello.status == 0 && hello.out.contains("\"version\":1"), "\(hello)")
    }
}
