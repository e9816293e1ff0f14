import DisqueTestSupport
import Foundation
import Testing

/// Flags that guard against a stuck server, a password in `ps`, and lines that
/// mean something else than they say.
@Suite("Flags: timeouts, passwords, conflicting choices")
struct FlagHardeningTests {
    @Test("-t: a server that starts a reply and then says nothing times out, and the error says what waited")
    func readTimeout() throws {
        // "*2147483647\r\n" announces a huge array and sends nothing more.
        let server = try FakeServer { _, _ in .reply(Array("*2147483647\r\n".utf8)) }
        let result = try CLIProcess.run(["-p", "\(server.port)", "-t", "0.5", "QLEN", "q"], timeout: .seconds(20))
        #expect(!result.timedOut, "disque-cli hung: \(result)")
        #expect(result.status == 3, "\(result)")
        #expect(result.err.lowercased().contains("timed out"), "\(result)")
        #expect(result.err.contains("127.0.0.1:\(server.port)"), "\(result)")
        // Stdin mode honours it too.
        let script = try CLIProcess.run(["-p", "\(server.port)", "-t", "0.5"], input: "QLEN q\n", timeout: .seconds(20))
        #expect(!script.timedOut && script.status == 3, "\(script)")
    }

    @Test("-t leaves commands that block by design alone: GETJOB waits past it for its job")
    func readTimeoutSparesBlocking() throws {
        let node = try TestNode()
        let consumer = try CLIProcess(node.address + ["-t", "0.2", "GETJOB", "TIMEOUT", "3000", "FROM", "late"], closeInput: true)
        try node.waitForBlockedClients(1)
        // Well past -t: the blocked GETJOB is still there.
        #expect(!eventually(timeout: .milliseconds(600)) { try node.blockedClients() == 0 })
        _ = try node.send(["ADDJOB", "late", "body", "0"])
        let result = consumer.finish(timeout: .seconds(10))
        #expect(result.status == 0 && result.out.contains("body"), "\(result)")
    }

    @Test("-t, -p 0 and --embedded with an address are usage errors (exit 2)",
          arguments: [["-t", "0", "PING"], ["-t", "-1", "PING"], ["-p", "0", "PING"], ["-p", "65536", "PING"],
                      ["--embedded", "-p", "7711", "PING"], ["--embedded", "-h", "127.0.0.1", "PING"]])
    func usageErrors(arguments: [String]) throws {
        let result = try CLIProcess.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result)")
        #expect(!result.err.isEmpty)
    }

    @Test("-a warns on stderr also when it is not a terminal, and points to DISQUE_AUTH")
    func passwordWarning() throws {
        let node = try TestNode(password: "pw")
        let result = try node.cli(["-a", "pw", "PING"])
        #expect(result.status == 0 && result.out == "PONG\n", "\(result)")
        #expect(result.err.contains("Warning") && result.err.contains("DISQUE_AUTH"), "\(result)")
    }

    @Test("a password for a node that has none: the AUTH error is a warning and the command runs")
    func passwordNotNeeded() throws {
        let node = try TestNode()
        let flag = try node.cli(["-a", "pw", "ADDJOB", "q", "x", "0"])
        #expect(flag.status == 0 && flag.out.hasPrefix("D-"), "\(flag)")
        #expect(flag.err.contains("no password is set"), "\(flag)")
        let env = try node.cli(["QLEN", "q"], environment: ["DISQUE_AUTH": "pw"])
        #expect(env.status == 0 && env.out == "1\n", "\(env)")
        #expect(env.err.contains("Warning: AUTH failed"), "\(env)")
        let script = try node.cli([], input: "QLEN q\n", environment: ["DISQUE_AUTH": "pw"])
        #expect(script.status == 0 && script.out == "1\n", "\(script)")
    }
}
