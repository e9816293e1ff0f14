import Disque
import Synchronization
import DisqueNIO
import DisqueTestSupport
import Testing

/// The sync client's rule, kept by the async one: a command that may have
/// run when the link broke is reported, never sent again; one safe to
/// repeat is sent once more on a fresh link.
@Suite("DisqueClient never re-sends", .timeLimit(.minutes(1)))
struct NeverResendTests {
    static let nodeID = String(repeating: "ab", count: 20)

    /// HELLO as a lone node on `port` answers it.
    static func hello(port: Int) -> [UInt8] {
        RESPEncoder.encode(.array([.integer(1), .bulk(nodeID),
                                   .array([.bulk(nodeID), .bulk("127.0.0.1"), .bulk("\(port)"), .bulk("1")])]))
    }

    @Test("ADDJOB written before the link broke: notSentMayHaveReachedServer, sent exactly once")
    func addJobNotResent() async throws {
        let portBox = PortBox()
        let server = try FakeServer { _, words in
            switch words.first?.uppercased() {
            case "HELLO": return .reply(NeverResendTests.hello(port: portBox.port))
            case "ADDJOB": return .close
            default: return .reply(RESPEncoder.encode(.error("ERR unexpected")))
            }
        }
        portBox.port = server.port
        try await withClient([.tcp(host: "127.0.0.1", port: server.port)]) { client in
            do {
                _ = try await client.addJob(queue: "q", body: "once")
                Issue.record("ADDJOB on a link that broke must not succeed")
            } catch let error as DisqueError {
                guard case .notSentMayHaveReachedServer(let command, _) = error else {
                    Issue.record("expected notSentMayHaveReachedServer, got \(error)"); return
                }
                #expect(command == "ADDJOB")
            }
        }
        #expect(server.received.filter { $0.command.first?.uppercased() == "ADDJOB" }.count == 1)
        server.stop()
    }

    @Test("QLEN (idempotent) on a link that broke is sent again on a fresh link and answered")
    func idempotentResent() async throws {
        let portBox = PortBox()
        let server = try FakeServer { connection, words in
            switch words.first?.uppercased() {
            case "HELLO": return .reply(NeverResendTests.hello(port: portBox.port))
            case "QLEN": return connection == 0 ? .close : .reply(RESPEncoder.encode(.integer(7)))
            default: return .reply(RESPEncoder.encode(.error("ERR unexpected")))
            }
        }
        portBox.port = server.port
        let length = try await withClient([.tcp(host: "127.0.0.1", port: server.port)]) { client in
            try await client.qlen("q")
        }
        #expect(length == 7)
        #expect(server.received.filter { $0.command.first?.uppercased() == "QLEN" }.count == 2)
        server.stop()
    }

    @Test("a GETJOB blocked when its node dies is reported as notSentMayHaveReachedServer, not re-sent")
    func getJobNotResent() async throws {
        let node = try TestNode()
        let queue = uniqueQueue("dies")
        try await withClient(node) { client in
            let waiter = Task { try await client.getJob(from: queue) }
            try await waitFor("the GETJOB is blocked") { try node.blockedClients() == 1 }
            node.kill()
            do {
                _ = try await waiter.value
                Issue.record("GETJOB on a dead node must not succeed")
            } catch let error as DisqueError {
                // A re-send would have met a refused connection instead.
                guard case .notSentMayHaveReachedServer(let command, let reason) = error else {
                    Issue.record("expected notSentMayHaveReachedServer, got \(error)"); return
                }
                #expect(command == "GETJOB")
                #expect(reason.kind == .lost)
            }
        }
    }
}

/// The fake server's port, known only once it listens, for its own script.
final class PortBox: Sendable {
    private let value = Mutex(0)
    var port: Int {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
