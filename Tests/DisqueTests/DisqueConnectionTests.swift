import DisqueTestSupport
import Foundation
import Glibc
import Testing
import MiniDisque
@testable import Disque

/// The link itself: endpoints, AUTH, timeouts, echo, interrupts, raw replies.
@Suite("DisqueConnection")
struct DisqueConnectionTests {
    @Test("connecting to a port nobody listens on is a refused connection error")
    func refused() throws {
        let port = try LoopbackPorts.free()
        let options = DisqueConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: port))
        do {
            _ = try DisqueConnection(options: options)
            Issue.record("connected to a port with no listener")
        } catch {
            guard case .connection(let failure) = error else { Issue.record("wrong error \(error)"); return }
            #expect(failure.kind == .refused)
            #expect(failure.errno == ECONNREFUSED)
            #expect(failure.message.contains("127.0.0.1:\(port)"))
            #expect(failure.message.contains("refused"))
        }
    }

    @Test("a missing Unix socket is refused; a bad port is refused before connecting")
    func otherConnectFailures() throws {
        let missing = #expect(throws: DisqueError.self) {
            try DisqueConnection(options: .unix(path: "/tmp/no-such-disque-\(getpid()).sock"))
        }
        #expect(missing?.connectionFailure?.kind == .refused)
        let badPort = #expect(throws: DisqueError.self) {
            try DisqueConnection(options: .tcp(host: "127.0.0.1", port: 70000))
        }
        #expect(badPort?.connectionFailure?.message.contains("invalid port 70000") == true)
    }

    @Test("TCP by address, by \"localhost\", and over a Unix socket")
    func endpoints() throws {
        let server = try TestNode(unixSocket: true)
        let path = try #require(server.unixSocketPath)
        defer { server.stop() }
        let byAddress = try server.connect()
        #expect(try byAddress.ping() == "PONG")
        let byName = try DisqueConnection(options: .tcp(host: "localhost", port: server.port))
        #expect(try byName.ping("hi") == "hi")
        let byPath = try DisqueConnection(options: .unix(path: path))
        #expect(try byPath.qlen("nothing") == 0)
        #expect(byPath.isConnected)
    }

    // A MiniDisque on ::1 in both modes: what is tested is the client's handling of IPv6 literals.
    @Test("an IPv6 literal, bracketed or not")
    func ipv6() throws {
        let server = MiniDisque.MiniDisqueServer(configuration: .init(host: "::1", port: 0))
        try server.start()
        defer { server.stop() }
        for host in ["::1", "[::1]"] {
            let connection = try DisqueConnection(options: .tcp(host: host, port: server.port))
            #expect(try connection.ping() == "PONG")
        }
        #expect(DisqueEndpoint.tcp(host: "::1", port: 7711).description == "[::1]:7711")
        #expect(DisqueEndpoint.tcp(host: "127.0.0.1", port: 7711).description == "127.0.0.1:7711")
    }

    @Test("AUTH is sent on connect; a wrong or missing password is a reply error")
    func authentication() throws {
        let server = try TestNode(password: "s3cret")
        defer { server.stop() }
        let good = try DisqueConnection(options: server.options())
        #expect(try good.qlen("q") == 0)

        do {
            _ = try DisqueConnection(options: server.options(password: "wrong"))
            Issue.record("a wrong password was accepted")
        } catch {
            #expect(error.replyCode == "ERR")
        }
        let anonymous = try DisqueConnection(options: server.options(password: .some(nil)))
        do {
            _ = try anonymous.qlen("q")
            Issue.record("no NOAUTH without a password")
        } catch {
            guard case .reply(let code, let message) = error else { Issue.record("\(error)"); return }
            #expect(code == "NOAUTH")
            #expect(message == "Authentication required.")
        }
    }

    @Test("AUTH happens again after a reconnect")
    func authAfterReconnect() throws {
        let server = try TestNode(password: "pw")
        let connection = try DisqueConnection(options: server.options())
        #expect(try connection.qlen("q") == 0)
        try server.restart()
        defer { server.stop() }
        #expect(try connection.qlen("q") == 0)
    }

    @Test("the echo hook sees every command and reply, with passwords masked")
    func echo() throws {
        let server = try TestNode(password: "hidden")
        defer { server.stop() }
        let connection = try DisqueConnection(options: server.options())
        let events = EventLog()
        connection.echo = { events.append($0) }
        _ = try connection.send(["PING"])
        _ = try connection.qlen("jobs")
        _ = try connection.send(["AUTH", "hidden"])
        _ = try connection.send(["NOSUCHCOMMAND"])
        let seen = events.all
        #expect(seen.count == 8)
        #expect(seen[0] == .sent([Array("PING".utf8)]))
        #expect(seen[1] == .received(.status("PONG")))
        #expect(seen[2] == .sent(["QLEN", "jobs"].map { Array($0.utf8) }))
        #expect(seen[3] == .received(.integer(0)))
        #expect(seen[4] == .sent(["AUTH", "********"].map { Array($0.utf8) }))
        #expect(seen[5] == .received(.status("OK")))
        if case .received(.error(let line)) = seen[7] { #expect(line.hasPrefix("ERR")) } else { Issue.record("\(seen[7])") }
    }

    @Test("raw send returns error replies as values; the typed API throws them")
    func errorReplies() throws {
        let server = try TestNode()
        defer { server.stop() }
        let connection = try server.connect()
        #expect(try connection.send(["QLEN"]) == .error("ERR wrong number of arguments for 'qlen' command"))
        #expect(try connection.send(bytes: [Array("PING".utf8), [0, 13, 10]]) == .bulk([0, 13, 10]))
        do {
            _ = try connection.ackJob(JobID(unchecked: "not-a-job-id"))
            Issue.record("BADID not thrown")
        } catch {
            guard case .reply(let code, let message) = error else { Issue.record("\(error)"); return }
            #expect(code == "BADID")
            #expect(message == "Invalid Job ID format.")
            #expect(error.description == "BADID Invalid Job ID format.")
        }
        // The link is still usable after an error reply.
        #expect(try connection.ping() == "PONG")
    }

    @Test("pipelines return replies in command order")
    func pipelineOrder() throws {
        let server = try TestNode()
        defer { server.stop() }
        let connection = try server.connect()
        var commands: [[String]] = []
        for index in 0..<200 { commands.append(["ADDJOB", "pipe", "job-\(index)", "0"]) }
        commands.append(["QLEN", "pipe"])
        commands.append(["QLEN"])
        commands.append(["PING", "last"])
        let replies = try connection.pipeline(commands)
        #expect(replies.count == 203)
        #expect(replies[..<200].allSatisfy { JobID($0.string ?? "") != nil })
        #expect(replies[200] == .integer(200))
        #expect(replies[201].isError)
        #expect(replies[202] == .bulk("last"))
        let bodies = try connection.qpeek("pipe", count: 200).map(\.bodyText)
        #expect(bodies == (0..<200).map { "job-\($0)" })
    }

    @Test("enqueue/flush/readReply keep a window of commands in flight")
    func streamingWindow() throws {
        let server = try TestNode()
        defer { server.stop() }
        let connection = try server.connect()
        var replies: [RESPValue] = []
        for index in 0..<1000 {
            connection.enqueue(["PING", "m\(index)"])
            if connection.pendingReplyCount >= 64 {
                try connection.flush()
                replies.append(try connection.readReply())
            }
        }
        while connection.pendingReplyCount > 0 { replies.append(try connection.readReply()) }
        #expect(replies == (0..<1000).map { .bulk("m\($0)") })
        // A send in the middle of a window keeps both streams straight.
        connection.enqueue(["PING", "first"])
        try connection.flush()
        #expect(try connection.send(["PING", "second"]) == .bulk("second"))
        #expect(try connection.readReply() == .bulk("first"))
        #expect(connection.pendingReplyCount == 0)
    }

    @Test("writeRaw sends bytes as given; replies are read back in order")
    func rawWrites() throws {
        let server = try TestNode()
        defer { server.stop() }
        let connection = try server.connect()
        try connection.writeRaw(Array("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nQLEN\r\n$1\r\nq\r\n".utf8))
        #expect(try connection.readReply() == .status("PONG"))
        #expect(try connection.readReply() == .integer(0))
    }

    @Test("big binary bodies go out and come back byte for byte")
    func largeBodies() throws {
        let server = try TestNode()
        defer { server.stop() }
        let connection = try server.connect()
        // Every byte value, CR/LF pairs included, over several read buffers' worth.
        let body = [UInt8](unsafeUninitializedCapacity: 2 * 1024 * 1024 + 7) { buffer, count in
            for index in 0..<buffer.count { buffer[index] = UInt8(truncatingIfNeeded: index &* 7 &+ index >> 9) }
            count = buffer.count
        }
        let id = try connection.addJob(queue: "big", body: body)
        let jobs = try connection.getJob(from: "big", noHang: true)
        #expect(jobs.count == 1)
        #expect(jobs.first?.id == id)
        #expect(jobs.first?.body == body)
    }

    @Test("a reply that does not come within the read timeout is a timeout; the link is dropped")
    func readTimeout() throws {
        let fake = try FakeServer { _, _ in .ignore }
        defer { fake.stop() }
        var options = fake.options
        options.readTimeout = .milliseconds(200)
        let connection = try DisqueConnection(options: options)
        let (result, elapsed) = measure { Result { () throws(DisqueError) in try connection.send(["PING"]) } }
        guard case .failure(let error) = result else { Issue.record("no timeout"); return }
        #expect(error.connectionFailure?.kind == .timedOut)
        #expect(elapsed >= .milliseconds(190) && elapsed < .seconds(2))
        #expect(!connection.isConnected)
    }

    @Test("garbage from the server is a protocol error and drops the link")
    func malformedReply() throws {
        let fake = try FakeServer { _, _ in .reply(Array("!nonsense\r\n".utf8)) }
        defer { fake.stop() }
        let connection = try DisqueConnection(options: fake.options)
        do {
            _ = try connection.send(["PING"])
            Issue.record("garbage accepted")
        } catch {
            guard case .protocol(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("0x21"))
        }
        #expect(!connection.isConnected)
    }

    @Test("a typed call given the wrong reply shape is a protocol error naming the command")
    func wrongShape() throws {
        let fake = try FakeServer { _, _ in .reply(Array("+surprise\r\n".utf8)) }
        defer { fake.stop() }
        let connection = try DisqueConnection(options: fake.options)
        let qlenError = #expect(throws: DisqueError.self) { try connection.qlen("q") }
        #expect(qlenError?.description == "Protocol error: QLEN: expected an integer, got a status reply")
        let addError = #expect(throws: DisqueError.self) { try connection.addJob(queue: "q", body: "x") }
        #expect(addError?.description == "Protocol error: ADDJOB: \"surprise\" is not a job ID")
    }

    @Test("withConnection closes the connection whether the body returns or throws")
    func withConnectionCloses() throws {
        let server = try TestNode()
        defer { server.stop() }
        let kept = ConnectionBox()
        let length = try withConnection(server.options()) { connection in
            kept.connection = connection
            return try connection.qlen("q")
        }
        #expect(length == 0)
        #expect(kept.connection?.isConnected == false)
        #expect(throws: DisqueError.self) {
            try withConnection(server.options()) { connection in
                kept.connection = connection
                _ = try connection.addJob(queue: "q", body: "x", replicate: 5)
            }
        }
        #expect(kept.connection?.isConnected == false)
    }
}
