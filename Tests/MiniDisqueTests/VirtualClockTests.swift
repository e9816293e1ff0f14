import DisqueTestSupport
import MiniDisque
import RESP
import Testing

/// RETRY, TTL, DELAY and GETJOB TIMEOUT in virtual time: the node runs on a
/// manual `MiniDisqueClock`, so seconds and minutes pass with `advance(by:)`
/// and nothing sleeps. Each test also checks the node did NOT act one step
/// early, and finishes in far less real time than the virtual time it spans.
@Suite("Virtual clock")
struct VirtualClockTests {
    /// 2023-11-14 22:13:20 UTC: a plausible epoch time, so job fields look ordinary.
    static let start: Int64 = 1_700_000_000_000

    /// A MiniDisque on a manual clock (a real server has no virtual time).
    func withClockedNode<T>(_ body: (TestNode, MiniDisqueClock) throws -> T) throws -> T {
        let clock = MiniDisqueClock(manual: Self.start)
        let node = try TestNode(backend: .miniDisque) { $0.clock = clock }
        defer { node.stop() }
        #expect(node.mini?.clock === clock)
        let (result, elapsed) = try measure { try body(node, clock) }
        #expect(elapsed < .seconds(20), "virtual time should not cost real time: \(elapsed)")
        return result
    }

    func field(_ client: TestClient, _ id: String, _ name: String) throws -> RESPValue? {
        guard let items = try client.call("SHOW", id).array else { return nil }
        let index = stride(from: 0, to: items.count - 1, by: 2).first { items[$0].string == name }
        return index.map { items[$0 + 1] }
    }

    @Test("the node reads its time from the clock: TIME, job ctime, SHOW ttl, QSTAT age")
    func timeReadsTheClock() throws {
        try withClockedNode { node, clock in
            let client = try TestClient(port: node.port)
            #expect(try client.call("TIME") == .array([.bulk("1700000000"), .bulk("0")]))
            let id = try #require(client.call("ADDJOB", "t", "x", "0", "TTL", "100").string)
            #expect(try field(client, id, "ctime") == .integer(Self.start * 1_000_000))
            clock.advance(by: 1_500)
            #expect(try client.call("TIME") == .array([.bulk("1700000001"), .bulk("500000")]))
            #expect(try field(client, id, "ttl") == .integer(99))
            clock.advance(by: 40_000)
            #expect(try field(client, id, "ttl") == .integer(59))
            let stats = try #require(client.call("QSTAT", "t").array)
            #expect(stats.count == 20 && stats[4] == .bulk("age") && stats[5] == .integer(41))
        }
    }

    @Test("a job not acked within RETRY is queued again once the clock passes RETRY")
    func retryRedelivers() throws {
        try withClockedNode { node, clock in
            let client = try TestClient(port: node.port)
            let id = try #require(client.call("ADDJOB", "r", "again", "0", "RETRY", "60").string)
            #expect(try client.call("GETJOB", "FROM", "r").array?.count == 1)
            // Requeue comes at RETRY ± 250 ms (the server's random spread).
            clock.advance(by: 59_700)
            #expect(try client.call("QLEN", "r") == .integer(0))
            #expect(try field(client, id, "state") == .bulk("active"))
            clock.advance(by: 600)
            try waitUntil("job queued again") { try client.call("QLEN", "r") == .integer(1) }
            let again = try #require(client.call("GETJOB", "WITHCOUNTERS", "FROM", "r").array?.first?.array)
            #expect(again.count == 7 && again[1] == .bulk(id) && again[6] == .integer(1))
            // And again one RETRY after that delivery.
            clock.advance(by: 60_300)
            try waitUntil("job queued a third time") { try client.call("QLEN", "r") == .integer(1) }
            #expect(try field(client, id, "additional-deliveries") == .integer(2))
        }
    }

    @Test("a job is gone once its TTL has passed, however it was being handled")
    func ttlExpires() throws {
        try withClockedNode { node, clock in
            let client = try TestClient(port: node.port)
            let queued = try #require(client.call("ADDJOB", "e", "x", "0", "TTL", "3600", "RETRY", "0").string)
            let taken = try #require(client.call("ADDJOB", "e2", "y", "0", "TTL", "3600").string)
            #expect(try client.call("GETJOB", "FROM", "e2").array?.count == 1)
            clock.advance(by: 3_599_000)
            #expect(try field(client, queued, "ttl") == .integer(1))
            #expect(try client.call("QLEN", "e") == .integer(1))
            // Expiry is checked one second past the TTL, so it is surely over.
            clock.advance(by: 2_000)
            try waitUntil("both jobs expired") {
                try client.call("SHOW", queued) == .nullBulk && client.call("SHOW", taken) == .nullBulk
            }
            #expect(try client.call("QLEN", "e") == .integer(0))
            #expect(try client.call("INFO", "jobs") == .bulk("# Jobs\r\nregistered_jobs:0\r\n"))
        }
    }

    @Test("a DELAYed job is queued exactly when its delay has passed")
    func delayQueues() throws {
        try withClockedNode { node, clock in
            let client = try TestClient(port: node.port)
            let id = try #require(client.call("ADDJOB", "d", "later", "0", "DELAY", "30").string)
            #expect(try field(client, id, "state") == .bulk("active"))
            #expect(try field(client, id, "next-requeue-within") == .integer(30_000))
            clock.advance(by: 29_999)
            #expect(try client.call("QLEN", "d") == .integer(0))
            clock.advance(by: 1)
            try waitUntil("delayed job queued") { try client.call("QLEN", "d") == .integer(1) }
            #expect(try field(client, id, "state") == .bulk("queued"))
        }
    }

    @Test("a blocked GETJOB TIMEOUT answers a null array when the clock reaches the deadline")
    func getjobTimeout() throws {
        try withClockedNode { node, clock in
            let consumer = try TestClient(port: node.port, timeoutSeconds: 10)
            try consumer.send(["GETJOB", "TIMEOUT", "120000", "FROM", "nothing"])
            try node.waitForBlockedClients(1)
            clock.advance(by: 119_999)
            #expect(try node.blockedClients() == 1)
            // Nothing else happens on the node: only the advance can wake it.
            clock.advance(by: 1)
            #expect(try consumer.read() == .nullArray)
            #expect(try node.blockedClients() == 0)
            // A job that arrives before the deadline still wins.
            try consumer.send(["GETJOB", "TIMEOUT", "5000", "FROM", "soon"])
            try node.waitForBlockedClients(1)
            clock.advance(by: 4_000)
            let id = try #require(node.send(["ADDJOB", "soon", "x", "0"]).string)
            #expect(try consumer.read().array?.first?.array?[1] == .bulk(id))
        }
    }
}
