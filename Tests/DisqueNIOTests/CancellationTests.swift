import Disque
import DisqueNIO
import DisqueTestSupport
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
