import DisqueTestSupport
import Testing
@testable import Disque

/// A command is looked up and read by its grammar once, and what that gives
/// (validation, the wait, the re-send rule) is what every path applies.
@Suite("Resolved commands")
struct ResolvedCommandTests {
    func resolve(_ words: String...) -> ResolvedCommand { ResolvedCommand(words) }

    @Test("the wait comes from the grammar: GETJOB's TIMEOUT and NOHANG, ADDJOB's replication timeout")
    func waits() {
        #expect(resolve("GETJOB", "FROM", "q").wait == .forever)
        #expect(resolve("getjob", "timeout", "250", "FROM", "q").wait == .extended(by: .milliseconds(250)))
        #expect(resolve("GETJOB", "TIMEOUT", "0", "FROM", "q").wait == .forever)
        #expect(resolve("GETJOB", "NOHANG", "TIMEOUT", "250", "FROM", "q").wait == .standard)
        // Queue names are not options, wherever they stand.
        #expect(resolve("GETJOB", "FROM", "timeout", "nohang").wait == .forever)
        #expect(resolve("ADDJOB", "q", "job", "1500").wait == .extended(by: .milliseconds(1500)))
        #expect(resolve("ADDJOB", "q", "job", "0").wait == .standard)
        #expect(resolve("QLEN", "q").wait == .standard)
        #expect(resolve("MONITOR").wait == .forever)
        #expect(resolve("GETJOB", "FROM", "q").blocks && !resolve("ADDJOB", "q", "job", "1500").blocks)
    }

    @Test("names, re-send rule and reply shape come from the table entry; unknown commands are sent as typed")
    func metadata() {
        let nodes = resolve("cluster", "nodes")
        #expect(nodes.name == "CLUSTER NODES" && nodes.nameWords == 2 && nodes.isIdempotent)
        #expect(nodes.reply == .clusterNodes)
        #expect(!resolve("ADDJOB", "q", "b", "0").isIdempotent)
        let unknown = resolve("frobnicate", "x")
        #expect(unknown.descriptor == nil && unknown.name == "FROBNICATE" && !unknown.isIdempotent)
        #expect(unknown.wait == .standard && unknown.reply == nil)
        var bytes: [UInt8] = []
        resolve("PING").encode(into: &bytes)
        #expect(bytes == Array("*1\r\n$4\r\nPING\r\n".utf8))
    }

    @Test("validating refuses a misfit with the table's message; unknown commands pass")
    func validation() throws {
        #expect(throws: CommandValidationError.self) {
            try ResolvedCommand(validating: [Array("ADDJOB".utf8), Array("q".utf8)])
        }
        do {
            _ = try ResolvedCommand(validating: ["GETJOB", "TIMEOUT", "x", "FROM", "q"].map { Array($0.utf8) })
            Issue.record("accepted a bad TIMEOUT")
        } catch {
            #expect(error.description.hasPrefix("GETJOB: <ms-timeout> "), "\(error)")
        }
        let unknown = try ResolvedCommand(validating: [Array("FROBNICATE".utf8)])
        #expect(unknown.descriptor == nil)
    }

    @Test("a typed getJob whose timeout outlasts the read timeout waits for the server's answer")
    func typedGetJobWaitsItsTimeout() throws {
        let node = try TestNode()
        var options = node.options()
        options.readTimeout = .milliseconds(100)
        let connection = try DisqueConnection(options: options)
        // The table's rule gives the call its TIMEOUT on top of the read timeout.
        let started = ContinuousClock.now
        #expect(try connection.getJob(from: "resolved-empty", timeout: .milliseconds(600)).isEmpty)
        #expect(started.duration(to: .now) >= .milliseconds(600))
        #expect(try connection.qlen("resolved-empty") == 0)
    }
}
