import Disque
import DisqueNIO
import DisqueTestSupport
import Testing

/// Many tasks on one client: pipelined shared links, replies never crossed,
/// blocking GETJOBs on links of their own.
@Suite("DisqueClient concurrency", .timeLimit(.minutes(1)))
struct ConcurrencyTests {
    @Test("200 tasks add and read back their own jobs over 2 shared links; no reply goes to the wrong task")
    func repliesNeverCross() async throws {
        let node = try TestNode()
        let queue = uniqueQueue("many")
        try await withClient(node) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<200 {
                    group.addTask {
                        for round in 0..<5 {
                            let body = "task \(task) round \(round)"
                            #expect(try await client.ping(body) == body)
                            let id = try await client.addJob(queue: queue, body: body)
                            #expect(try await client.show(id)?.bodyText == body)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await client.qlen(queue) == 1000)
            #expect(client.sharedConnections <= 2)
            #expect(client.blockingConnections == 0)
        }
    }

    @Test("a GETJOB blocked without timeout never delays other commands")
    func blockingGetJobDoesNotDelay() async throws {
        let node = try TestNode()
        let queue = uniqueQueue("blocked")
        try await withClient(node) { client in
            let waiter = Task { try await client.getJob(from: queue) }
            try await waitFor("the GETJOB is blocked") { try node.blockedClients() == 1 }
            let start = ContinuousClock.now
            for _ in 0..<50 { #expect(try await client.ping() == "PONG") }
            #expect(ContinuousClock.now - start < .seconds(2))
            let id = try await client.addJob(queue: queue, body: "wake")
            #expect(try await waiter.value.map(\.id) == [id])
            // The clean link went back to the pool for the next GETJOB.
            #expect(client.blockingConnections == 0)
        }
    }

    @Test("pool exhaustion: with 2 blocking links, a third GETJOB waits for one and then proceeds")
    func poolExhaustion() async throws {
        let node = try TestNode()
        let queue = uniqueQueue("exhaust")
        try await withClient(node, configure: { $0.maxBlockingConnectionsPerNode = 2 }) { client in
            let first = Task { try await client.getJob(from: queue) }
            let second = Task { try await client.getJob(from: queue) }
            try await waitFor("two GETJOBs blocked") { try node.blockedClients() == 2 }
            let third = Task { try await client.getJob(from: queue) }
            // The third has no link: the server sees only two, however long we look.
            for _ in 0..<20 {
                #expect(try await client.ping() == "PONG")
                #expect(try node.blockedClients() == 2)
            }
            #expect(client.blockingConnections == 2)
            _ = try await client.addJob(queue: queue, body: "one")
            // One of the first two got it; its link passed to the third, which now blocks.
            try await waitFor("the third GETJOB took the freed link") { try node.blockedClients() == 2 }
            _ = try await client.addJob(queue: queue, body: "two")
            _ = try await client.addJob(queue: queue, body: "three")
            let bodies = try await [first.value, second.value, third.value].flatMap { $0 }.map(\.bodyText)
            #expect(bodies.sorted() == ["one", "three", "two"])
            #expect(client.blockingConnections == 0)
        }
    }

    @Test("a task waiting for a blocking link can be cancelled; the pool stays usable")
    func cancelWaitingForLink() async throws {
        let node = try TestNode()
        let queue = uniqueQueue("exhaust-cancel")
        try await withClient(node, configure: { $0.maxBlockingConnectionsPerNode = 1 }) { client in
            let holder = Task { try await client.getJob(from: queue) }
            try await waitFor("one GETJOB blocked") { try node.blockedClients() == 1 }
            let waiting = Task { try await client.getJob(from: queue) }
            try await waitFor("the waiter is queued") { client.blockingConnections == 1 }
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
            let id = try await client.addJob(queue: queue, body: "for the holder")
            #expect(try await holder.value.map(\.id) == [id])
        }
    }

    @Test("blocking links left idle after a burst of GETJOBs are closed after idleBlockingTimeout")
    func idleBlockingLinksClose() async throws {
        let node = try TestNode()
        let queue = uniqueQueue("idle-close")
        // Long enough that all five links are back before the first one's time is up, even
        // when a loaded CI machine spreads the five replies over a second or more.
        try await withClient(node, configure: { $0.idleBlockingTimeout = .seconds(4) }) { client in
            let began = ContinuousClock.now
            let consumers = (0..<5).map { _ in Task { try await client.getJob(from: queue) } }
            try await waitFor("five GETJOBs blocked") { try node.blockedClients() == 5 }
            for index in 0..<5 { _ = try await client.addJob(queue: queue, body: "job \(index)") }
            for consumer in consumers { #expect(try await consumer.value.count == 1) }
            // Given back, the five links wait idle for the next GETJOB…
            try await waitFor("five idle links") { client.openConnections.values.reduce(0) { $0 + $1.idle } == 5 }
            let withIdle = try node.connectedClients()
            // …and once unused for the timeout, the client closes them and the server sees them go.
            try await waitFor("the idle links closed") {
                client.openConnections.values.reduce(0) { $0 + $1.idle } == 0
            }
            // Every link came back after `began`, so none may have gone before the timeout.
            #expect(ContinuousClock.now - began >= .seconds(4))
            try await waitFor("the node counts five fewer clients") { try node.connectedClients() == withIdle - 5 }
            // The pool still serves blocking calls, on a fresh link.
            _ = try await client.addJob(queue: queue, body: "after")
            #expect(try await client.getJob(from: queue).map(\.bodyText) == ["after"])
        }
    }
}
