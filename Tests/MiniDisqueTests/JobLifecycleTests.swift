import DisqueTestSupport
import MiniDisque
import RESP
import Testing

/// Time-driven job behaviour: RETRY requeue, TTL expiry, DELAY, WORKING.
@Suite("Job lifecycle")
struct JobLifecycleTests {
    /// SHOW's field list as a dictionary.
    func show(_ client: TestClient, _ id: String) throws -> [String: RESPValue]? {
        guard let items = try client.call("SHOW", id).array else { return nil }
        var fields: [String: RESPValue] = [:]
        for pair in stride(from: 0, to: items.count - 1, by: 2) {
            fields[items[pair].string ?? ""] = items[pair + 1]
        }
        return fields
    }

    @Test("a job not acked within RETRY is queued again, counted as an additional delivery")
    func retryRequeues() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let id = try client.call("ADDJOB", "rq", "again", "0", "RETRY", "1").string ?? ""
            #expect(try client.call("GETJOB", "FROM", "rq").array?.count == 1)
            #expect(try client.call("QLEN", "rq") == .integer(0))
            let reply = try client.call("GETJOB", "WITHCOUNTERS", "TIMEOUT", "3000", "FROM", "rq")
            let job = reply.array?.first?.array ?? []
            #expect(job.count == 7)
            #expect(job.count == 7 && job[1] == .bulk(id) && job[6] == .integer(1))
            #expect(try client.call("ACKJOB", id) == .integer(1))
            #expect(try client.call("SHOW", id) == .nullBulk)
        }
    }

    @Test("RETRY 0 jobs are delivered at most once")
    func retryZeroNeverRequeues() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let id = try client.call("ADDJOB", "once", "x", "0", "RETRY", "0").string ?? ""
            #expect(id.hasSuffix("0") || id.last.map { "02468ace".contains($0) } == true)
            #expect(try client.call("GETJOB", "FROM", "once").array?.count == 1)
            #expect(try client.call("ENQUEUE", id) == .integer(0))
            #expect(try client.call("NACK", id) == .integer(0))
            #expect(try show(client, id)?["next-requeue-within"] == .nullBulk)
        }
    }

    @Test("a job is deleted when its TTL passes")
    func ttlExpires() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let id = try client.call("ADDJOB", "tq", "short", "0", "TTL", "1").string ?? ""
            #expect(try client.call("QLEN", "tq") == .integer(1))
            #expect(eventually(timeoutMs: 3500) { try client.call("SHOW", id) == .nullBulk })
            #expect(try client.call("QLEN", "tq") == .integer(0))
        }
    }

    @Test("DELAY holds a job back, then queues it")
    func delay() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let id = try client.call("ADDJOB", "dq", "later", "0", "DELAY", "1").string ?? ""
            #expect(try client.call("QLEN", "dq") == .integer(0))
            #expect(try show(client, id)?["state"] == .bulk("active"))
            #expect(try client.call("GETJOB", "NOHANG", "FROM", "dq") == .nullArray)
            let reply = try client.call("GETJOB", "TIMEOUT", "2500", "FROM", "dq")
            #expect(reply.array?.first?.array?[2] == .bulk("later"))
        }
    }

    @Test("WORKING postpones the requeue and is refused after half the TTL")
    func working() throws {
        try withTimedServer { server, passTime in
            let client = try TestClient(port: server.port)
            let id = try client.call("ADDJOB", "wq", "w", "0", "RETRY", "7", "TTL", "2").string ?? ""
            #expect(try client.call("GETJOB", "FROM", "wq").array?.count == 1)
            #expect(try client.call("WORKING", id) == .integer(7))
            #expect(try client.call("WORKING", "D-00000000-000000000000000000000000-0001")
                == .error("NOJOB Job not known in the context of this node."))
            passTime(.milliseconds(1100))  // past half the TTL
            #expect(try client.call("WORKING", id) == .error(
                "TOOLATE Half of job TTL already elapsed, you are no longer allowed to postpone the next delivery."))
        }
    }

    @Test("job IDs carry the node prefix and the TTL in minutes, odd with RETRY")
    func jobIDFormat() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let prefix = String(try server.nodeID.prefix(8))
            let withRetry = try client.call("ADDJOB", "f", "x", "0", "TTL", "600").string ?? ""
            let atMostOnce = try client.call("ADDJOB", "f", "x", "0", "TTL", "600", "RETRY", "0").string ?? ""
            let capped = try client.call("ADDJOB", "f", "x", "0", "TTL", "99999999").string ?? ""
            #expect(withRetry.hasPrefix("D-\(prefix)-") && withRetry.hasSuffix("-000b"))
            #expect(atMostOnce.hasSuffix("-000a"))
            #expect(capped.hasSuffix("-ffff"))
            #expect(withRetry.count == 40)
        }
    }

    @Test("JSCAN honours COUNT with a cursor and returns every job once")
    func jscanPaging() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            var ids: Set<String> = []
            for i in 0..<25 { ids.insert(try client.call("ADDJOB", "s\(i % 3)", "b", "0").string ?? "") }
            var seen: [String] = []
            var cursor = "0"
            var pages = 0
            repeat {
                let reply = try client.call("JSCAN", cursor, "COUNT", "10").array ?? []
                cursor = reply.first?.string ?? "0"
                seen += (reply.last?.array ?? []).compactMap(\.string)
                pages += 1
            } while cursor != "0" && pages < 20
            // MiniDisque pages by COUNT exactly; the real server's COUNT is a hint (it
            // scans whole hash buckets), so there the pages only have to find every job.
            #expect(server.isReal ? pages >= 1 : pages == 3, "\(pages) pages")
            #expect(seen.count == 25 && Set(seen) == ids)
            // COUNT is a hint (the real server scans whole hash buckets): a
            // page has something, and following the cursor finds each queue once.
            var queues: [String] = []
            cursor = "0"
            pages = 0
            repeat {
                let page = try client.call("QSCAN", cursor, "COUNT", "2").array ?? []
                cursor = page.first?.string ?? "0"
                let names = (page.last?.array ?? []).compactMap(\.string)
                #expect(!names.isEmpty || cursor == "0")
                queues += names
                pages += 1
            } while cursor != "0" && pages < 20
            #expect(queues.sorted() == ["s0", "s1", "s2"])
            let busy = try client.call("JSCAN", "BUSYLOOP", "COUNT", "1", "QUEUE", "s1").array ?? []
            #expect(busy.first == .bulk("0") && busy.last?.array?.count == 8)
        }
    }
}
