import DisqueTestSupport
import MiniDisque
import RESP
import Testing

/// JSCAN / QSCAN read their numbers like Disque's strtoll / strtoul and share
/// one option reader; the edges of both rules, against a live node.
@Suite("Scan arguments")
struct ScanArgumentTests {
    /// Runs `body` with a client of a node holding one job in queue "scanned".
    private func withOneJob(_ body: (TestClient) throws -> Void) throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            _ = try client.call("ADDJOB", "scanned", "body", "0")
            try body(client)
        }
    }

    @Test("COUNT takes the whole Int64 range and refuses one past either end")
    func countRange() throws {
        try withOneJob { client in
            let outOfRange = RESPValue.error("ERR value is not an integer or out of range")
            for command in ["QSCAN", "JSCAN"] {
                let largest = try client.call(command, "COUNT", "9223372036854775807")
                #expect(largest.array?.first == .bulk("0"), "\(command): \(largest)")
                #expect(largest.array?.last?.array?.count == 1, "\(command): \(largest)")
                #expect(try client.call(command, "COUNT", "-9223372036854775808").array?.count == 2)
                #expect(try client.call(command, "COUNT", "9223372036854775808") == outOfRange)
                #expect(try client.call(command, "COUNT", "-9223372036854775809") == outOfRange)
                #expect(try client.call(command, "COUNT", "+5").array?.count == 2)
                #expect(try client.call(command, "COUNT", " 5") == outOfRange)
            }
            #expect(try client.call("QSCAN", "MINLEN", "9223372036854775808") == outOfRange)
        }
    }

    @Test("the cursor is an unsigned long: negatives wrap, 2^64 is refused, only one is allowed")
    func cursorRange() throws {
        try withOneJob { client in
            let invalid = RESPValue.error("ERR invalid cursor or option name")
            for command in ["QSCAN", "JSCAN"] {
                // The largest cursor is the last step of an iteration: it ends it.
                for cursor in ["18446744073709551615", "-1"] {
                    let reply = try client.call(command, cursor)
                    #expect(reply.array?.count == 2, "\(command) \(cursor): \(reply)")
                    #expect(reply.array?.first == .bulk("0"), "\(command) \(cursor): \(reply)")
                }
                #expect(try client.call(command, "18446744073709551616") == invalid)
                #expect(try client.call(command, "COUNT") == invalid)
                #expect(try client.call(command, "0", "0") == .error("ERR syntax error"))
            }
            #expect(try client.call("JSCAN", "REPLY", "every") == .error("ERR Invalid REPLY type, try ID or ALL"))
            #expect(try client.call("JSCAN", "STATE", "sleeping") == .error("ERR Invalid job state name"))
            #expect(try client.call("JSCAN", "QUEUE", "scanned", "REPLY", "id").array?.last?.array?.count == 1)
        }
    }
}
