import DisqueTestSupport
import MiniDisque
import RESP
import Testing

/// Blocking GETJOB: wake-up by another client's ADDJOB, arrival order,
/// TIMEOUT, disconnects, FLUSHALL, PAUSE and LEAVING.
@Suite("Blocking GETJOB")
struct BlockingTests {
    /// The node's count of blocked clients, from INFO clients.
    func blockedCount(_ client: TestClient) throws -> Int {
        let text = try client.call("INFO", "clients").string ?? ""
        let line = text.split(separator: "\r\n").first { $0.hasPrefix("blocked_clients:") } ?? ""
        return Int(line.split(separator: ":").last ?? "") ?? -1
    }

    @Test("a blocked GETJOB is woken by ADDJOB from another client")
    func wokenByAddjob() throws {
        try withServer { server in
            let consumer = try TestClient(port: server.port)
            let producer = try TestClient(port: server.port)
            try consumer.send(["GETJOB", "FROM", "work"])
            #expect(eventually { try blockedCount(producer) == 1 })
            let id = try producer.call("ADDJOB", "work", "payload", "0")
            let reply = try consumer.read()
            #expect(reply == .array([.array([.bulk("work"), .bulk(id.string ?? "?"), .bulk("payload")])]))
            #expect(try producer.call("QLEN", "work") == .integer(0))
        }
    }

    @Test("blocked clients are served in arrival order")
    func arrivalOrder() throws {
        try withServer { server in
            let admin = try TestClient(port: server.port)
            var consumers: [TestClient] = []
            for i in 0..<4 {
                let consumer = try TestClient(port: server.port)
                try consumer.send(["GETJOB", "FROM", "fifo", "other"])
                #expect(eventually { try blockedCount(admin) == i + 1 })
                consumers.append(consumer)
            }
            for i in 0..<4 { try admin.call("ADDJOB", "fifo", "job\(i)", "0") }
            for (i, consumer) in consumers.enumerated() {
                let reply = try consumer.read()
                #expect(reply.array?.first?.array?[2] == .bulk("job\(i)"))
            }
            #expect(try blockedCount(admin) == 0)
        }
    }

    @Test("GETJOB TIMEOUT returns a null array after about the timeout")
    func timeoutExpires() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let start = monotonicMilliseconds()
            #expect(try client.call("GETJOB", "TIMEOUT", "100", "FROM", "empty") == .nullArray)
            let elapsed = monotonicMilliseconds() - start
            #expect(elapsed >= 95 && elapsed < 1000, "took \(elapsed) ms")
            // The connection stays usable and in order afterwards.
            #expect(try client.call("PING") == .status("PONG"))
        }
    }

    @Test("TIMEOUT 0 waits until a job comes")
    func timeoutZeroWaits() throws {
        try withServer { server in
            let consumer = try TestClient(port: server.port)
            let producer = try TestClient(port: server.port)
            try consumer.send(["GETJOB", "TIMEOUT", "0", "FROM", "late"])
            #expect(eventually { try blockedCount(producer) == 1 })
            try producer.call("ADDJOB", "late", "finally", "0")
            #expect(try consumer.read().array?.first?.array?[2] == .bulk("finally"))
        }
    }

    @Test("a client that disconnects while blocked is forgotten and gets no job")
    func disconnectWhileBlocked() throws {
        try withServer { server in
            let admin = try TestClient(port: server.port)
            do {
                let doomed = try TestClient(port: server.port)
                try doomed.send(["GETJOB", "FROM", "gone"])
                #expect(eventually { try blockedCount(admin) == 1 })
            } // closed here
            #expect(eventually { try blockedCount(admin) == 0 })
            try admin.call("ADDJOB", "gone", "kept", "0")
            #expect(try admin.call("QLEN", "gone") == .integer(1))
            let stat = try admin.call("QSTAT", "gone").array ?? []
            #expect(stat.count == 20 && stat[9] == .integer(0)) // "blocked"
        }
    }

    @Test("requests pipelined behind a blocking GETJOB run once it is served")
    func pipelinedBehindBlocked() throws {
        try withServer { server in
            let consumer = try TestClient(port: server.port)
            let producer = try TestClient(port: server.port)
            try consumer.sendRaw(RESPEncoder.command(["GETJOB", "FROM", "pq"]) + RESPEncoder.command(["PING", "after"]))
            #expect(eventually { try blockedCount(producer) == 1 })
            try producer.call("ADDJOB", "pq", "x", "0")
            #expect(try consumer.read().array?.count == 1)
            #expect(try consumer.read() == .bulk("after"))
        }
    }

    @Test("DEBUG FLUSHALL answers blocked clients with a null array")
    func flushAllUnblocks() throws {
        try withServer { server in
            let consumer = try TestClient(port: server.port)
            let admin = try TestClient(port: server.port)
            try consumer.send(["GETJOB", "FROM", "f"])
            #expect(eventually { try blockedCount(admin) == 1 })
            #expect(try admin.call("DEBUG", "FLUSHALL") == .status("OK"))
            #expect(try consumer.read() == .nullArray)
        }
    }

    @Test("PAUSE out holds jobs back from blocked clients until resumed")
    func pauseOut() throws {
        try withServer { server in
            let consumer = try TestClient(port: server.port)
            let admin = try TestClient(port: server.port)
            #expect(try admin.call("PAUSE", "pq", "out") == .status("out"))
            try admin.call("ADDJOB", "pq", "held", "0")
            try consumer.send(["GETJOB", "FROM", "pq"])
            // Blocked although a job is queued: PAUSE out holds it back.
            #expect(eventually { try blockedCount(admin) == 1 })
            #expect(try admin.call("QLEN", "pq") == .integer(1))
            #expect(try admin.call("PAUSE", "pq", "none") == .status("none"))
            #expect(try consumer.read().array?.first?.array?[2] == .bulk("held"))
        }
    }

    @Test("a leaving node refuses to block and to take jobs, and says so in HELLO")
    func leaving() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            try client.call("ADDJOB", "lq", "before", "0")
            #expect(try client.call("CLUSTER", "LEAVING", "yes") == .status("OK"))
            #expect(try client.call("CLUSTER", "LEAVING") == .status("yes"))
            let hello = try client.call("HELLO").array ?? []
            #expect(hello.count == 3 && hello[2].array?[3] == .bulk("100"))
            #expect(try client.call("GETJOB", "TIMEOUT", "100", "FROM", "empty")
                == .error("LEAVING This node is leaving the cluster, please connect to a different one"))
            #expect(try client.call("ADDJOB", "lq", "x", "0") == .error(
                "NOREPL Not enough reachable nodes for the requested replication level, since I'm unable to hold a copy of the message for the following reason: I'm leaving the cluster"))
            // Jobs already here can still be taken.
            #expect(try client.call("GETJOB", "NOHANG", "FROM", "lq").array?.count == 1)
            #expect(try client.call("GETJOB", "NOHANG", "FROM", "lq") == .nullArray)
            #expect(try client.call("CLUSTER", "NODES").string?.contains("myself,leaving") == true)
            #expect(try client.call("CLUSTER", "LEAVING", "no") == .status("OK"))
            #expect(try client.call("HELLO").array?[2].array?[3] == .bulk("1"))
        }
    }

    @Test("fifty blocked clients each get one of fifty jobs")
    func manyBlockedClients() throws {
        try withServer { server in
            let admin = try TestClient(port: server.port)
            var consumers: [TestClient] = []
            for _ in 0..<50 {
                let consumer = try TestClient(port: server.port)
                try consumer.send(["GETJOB", "FROM", "many"])
                consumers.append(consumer)
            }
            #expect(eventually { try blockedCount(admin) == 50 })
            for i in 0..<50 { try admin.call("ADDJOB", "many", "m\(i)", "0") }
            var bodies: Set<String> = []
            for consumer in consumers {
                if let body = try consumer.read().array?.first?.array?[2].string { bodies.insert(body) }
            }
            #expect(bodies.count == 50)
            #expect(try admin.call("QLEN", "many") == .integer(0))
        }
    }
}
