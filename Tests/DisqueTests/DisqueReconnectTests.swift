import DisqueTestSupport
import Foundation
import Testing
@testable import Disque

/// The reconnect policy: replace a broken link once, re-send only what was
/// never written or cannot change state, and report anything else.
@Suite("Reconnect policy")
struct DisqueReconnectTests {
    @Test("after the node restarts on the same port, QLEN and ADDJOB reconnect transparently")
    func restartedServer() throws {
        let server = try TestNode()
        defer { server.stop() }
        let connection = try server.connect()
        let events = EventLog()
        connection.echo = { events.append($0) }
        _ = try connection.addJob(queue: "q", body: "before")
        #expect(try connection.qlen("q") == 1)
        try server.restart()
        // The old link is dead before anything is written: replaced, nothing lost or doubled.
        #expect(try connection.qlen("q") == 0)
        try server.restart()
        let id = try connection.addJob(queue: "q", body: "after")
        #expect(try connection.qlen("q") == 1)
        #expect(try connection.show(id)?.bodyText == "after")
        // Each command went out exactly once.
        let sent = events.all.compactMap { event -> String? in
            if case .sent(let words) = event { return words.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ") }
            return nil
        }
        #expect(sent.filter { $0.hasPrefix("ADDJOB q after") }.count == 1)
    }

    @Test("with reconnect off, a dead link is reported instead")
    func reconnectDisabled() throws {
        let server = try TestNode()
        defer { server.stop() }
        let connection = try server.connect(reconnect: false)
        #expect(try connection.qlen("q") == 0)
        try server.restart()
        let error = #expect(throws: DisqueError.self) { try connection.qlen("q") }
        #expect(error?.connectionFailure?.kind == .lost)
        #expect(!connection.isConnected)
        // An explicit reconnect works.
        try connection.reconnect()
        #expect(try connection.qlen("q") == 0)
    }

    @Test("when the node is gone for good, the reconnect attempt's refusal is reported")
    func serverGone() throws {
        let server = try TestNode()
        let connection = try server.connect()
        #expect(try connection.ping() == "PONG")
        server.stop()
        let error = #expect(throws: DisqueError.self) { try connection.qlen("q") }
        #expect(error?.connectionFailure?.kind == .refused)
    }

    @Test("a link lost after ADDJOB was written is reported, and ADDJOB is not re-sent")
    func addJobNotResent() throws {
        // The peer reads the command, then hangs up without answering.
        let fake = try FakeServer { _, command in
            command.first == "ADDJOB" ? .close : .reply(Array(":0\r\n".utf8))
        }
        defer { fake.stop() }
        let connection = try DisqueConnection(options: fake.options)
        let error = #expect(throws: DisqueError.self) { try connection.addJob(queue: "q", body: "once") }
        guard case .notSentMayHaveReachedServer(let command, let reason)? = error else {
            Issue.record("wrong error: \(String(describing: error))")
            return
        }
        #expect(command == "ADDJOB")
        #expect(reason.kind == .lost)
        #expect(error?.description.contains("connection lost after ADDJOB was sent; it may or may not have been executed") == true)
        #expect(!connection.isConnected)
        // The next command reconnects; ADDJOB was received exactly once, on the first link.
        #expect(try connection.qlen("q") == 0)
        let received = fake.received
        #expect(received.filter { $0.command.first == "ADDJOB" }.count == 1)
        #expect(received.last.map { $0.connection } == 1)
    }

    @Test("a link lost after an idempotent command was written is replaced and the command re-sent once")
    func idempotentResent() throws {
        // First link: hang up on QLEN. Second link: answer it.
        let fake = try FakeServer { connection, command in
            guard command.first == "QLEN" else { return .reply(Array("+OK\r\n".utf8)) }
            return connection == 0 ? .close : .reply(Array(":7\r\n".utf8))
        }
        defer { fake.stop() }
        let connection = try DisqueConnection(options: fake.options)
        #expect(try connection.qlen("q") == 7)
        let qlens = fake.received.filter { $0.command.first == "QLEN" }
        #expect(qlens.map(\.connection) == [0, 1])
    }

    @Test("an idempotent command is re-sent only once: a second loss is reported")
    func reconnectOnlyOnce() throws {
        let fake = try FakeServer { _, _ in .close }
        defer { fake.stop() }
        let connection = try DisqueConnection(options: fake.options)
        let error = #expect(throws: DisqueError.self) { try connection.qlen("q") }
        #expect(error?.connectionFailure?.kind == .lost)
        #expect(fake.received.count == 2)
    }

    @Test("GETJOB and NACK are never re-sent after a loss either")
    func otherUnsafeCommands() throws {
        let fake = try FakeServer { _, _ in .close }
        defer { fake.stop() }
        let connection = try DisqueConnection(options: fake.options)
        let getjob = #expect(throws: DisqueError.self) { try connection.getJob(from: "q", timeout: .seconds(1)) }
        if case .notSentMayHaveReachedServer(let command, _)? = getjob { #expect(command == "GETJOB") } else {
            Issue.record("wrong error: \(String(describing: getjob))")
        }
        let id = try #require(JobID("D-00000000-000000000000000000000000-0000"))
        let nack = #expect(throws: DisqueError.self) { try connection.nack(id) }
        if case .notSentMayHaveReachedServer(let command, _)? = nack { #expect(command == "NACK") } else {
            Issue.record("wrong error: \(String(describing: nack))")
        }
        #expect(fake.received.map { $0.command.first } == ["GETJOB", "NACK"])
    }

    @Test("a pipeline whose link breaks mid-way reports the commands in flight")
    func pipelineLoss() throws {
        let fake = try FakeServer { _, command in
            command.first == "QUIT" ? .close : .reply(Array("+OK\r\n".utf8))
        }
        defer { fake.stop() }
        let connection = try DisqueConnection(options: fake.options)
        let error = #expect(throws: DisqueError.self) {
            try connection.pipeline([["PING"], ["QUIT"], ["ADDJOB", "q", "x", "0"], ["PING"]])
        }
        guard case .notSentMayHaveReachedServer(let command, _)? = error else {
            Issue.record("wrong error: \(String(describing: error))")
            return
        }
        #expect(command == "QUIT (and 2 more pipelined commands)")
        #expect(connection.pendingReplyCount == 0)
    }
}
