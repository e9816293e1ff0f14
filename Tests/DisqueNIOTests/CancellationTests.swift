import Disque
import DisqueNIO
import DisqueTestSupport
import Foundation
import Testing

/// Cancelling a blocked GETJOB ends it at once, takes no job and leaves the pool healthy.
@Suite("DisqueClient cancellation", .timeLimit(.minutes(1)))
struct CancellationTests {
    @Test("cancelling 20 GETJOBs blocked without timeout: each ends promptly, none takes a later job")
    func cancelBlockedGetJobs() async throws {
        let node = try TestNode()
        let queue = uniqueQueue("cancel")
        try await withClient(node) { client in
            let waiters = (0..<20).map { _ in Task { try await client.getJob(from: queue) } }
            try await waitFor("20 GETJOBs blocked") { try node.blockedClients() == 20 }
            let start = ContinuousClock.now
            for waiter in waiters { waiter.cancel() }
            for waiter in waiters {
                await #expect(throws: CancellationError.self) { try await waiter.value }
            }
            #expect(ContinuousClock.now - start < .seconds(2))
            // The server dropped every cancelled GETJOB: a new job stays queued.
            try await waitFor("no client blocked") { try node.blockedClients() == 0 }
            #expect(client.blockingConnections == 0)
            let id = try await client.addJob(queue: queue, body: "nobody took me")
            #expect(try await client.qlen(queue) == 1)
            #expect(try await client.show(id)?.state == .queued)
            // And the pool still serves blocking and non-blocking calls.
            #expect(try await client.getJob(from: queue, timeout: .seconds(1)).map(\.id) == [id])
            #expect(try await client.ping() == "PONG")
        }
    }

    @Test("cancelling the task iterating jobs(from:) ends the loop promptly and takes no job")
    func cancelJobStream() async throws {
        let node = try TestNode()
        let queue = uniqueQueue("cancel-stream")
        try await withClient(node) { client in
            let worker = Task {
                var seen = 0
                for try await job in client.jobs(from: [queue], wait: .seconds(30)) {
                    seen += 1
                    try await job.ack()
                }
                return seen
            }
            try await waitFor("the stream's GETJOB is blocked") { try node.blockedClients() == 1 }
            worker.cancel()
            await #expect(throws: CancellationError.self) { _ = try await worker.value }
            try await waitFor("no client blocked") { try node.blockedClients() == 0 }
            _ = try await client.addJob(queue: queue, body: "left alone")
            #expect(try await client.qlen(queue) == 1)
        }
    }
}

/// A call on a shared (pipelined) link is cancelled without closing the link:
/// the caller gets CancellationError at once, the late reply is read and dropped.
@Suite("DisqueClient cancellation on shared links", .timeLimit(.minutes(1)))
struct SharedLinkCancellationTests {
    @Test("cancelling a call whose reply is late: CancellationError at once; the link stays in step")
    func cancelOnSharedLink() async throws {
        let portBox = PortBox()
        let gate = DispatchSemaphore(value: 0)
        let server = try FakeServer { _, words in
            switch words.first?.uppercased() {
            case "HELLO": return .reply(NeverResendTests.hello(port: portBox.port))
            case "PING":
                let message = words.count > 1 ? words[1] : "PONG"
                if message == "late" { gate.wait() }  // the test lets this reply go after the cancel
                return .reply(RESPEncoder.encode(.bulk(message)))
            default: return .reply(RESPEncoder.encode(.error("ERR unexpected")))
            }
        }
        portBox.port = server.port
        try await withClient([.tcp(host: "127.0.0.1", port: server.port)]) { client in
            #expect(try await client.ping("first") == "first")
            let late = Task { try await client.ping("late") }
            try await waitFor("the server has the late PING") {
                server.received.contains { $0.command == ["PING", "late"] }
            }
            let start = ContinuousClock.now
            late.cancel()
            await #expect(throws: CancellationError.self) { try await late.value }
            #expect(ContinuousClock.now - start < .seconds(2))
            // The reply to the cancelled PING comes now; the next call must get its own.
            gate.signal()
            #expect(try await client.ping("next") == "next")
            #expect(try await client.ping("last") == "last")
            #expect(client.sharedConnections == 1)
        }
        // Every command went over the first link: it was never closed.
        #expect(Set(server.received.map(\.connection)) == [0])
        server.stop()
    }
}
