import DisqueTestSupport
import Glibc
import MiniDisque
import RESP
import Testing

/// Hostile and extreme client input: counts and lengths past every limit or
/// past Int64, 64-bit option values, raw bytes in command names, more clients
/// than maxclients, thousands of idle links. Every expectation is what Disque
/// 1.0-rc1 itself answers (byte for byte where bytes are compared), so the
/// suites that use `withServer` pass on the real server too (DISQUE_SERVER).
@Suite("Hardening")
struct HardeningTests {
    static let big = "9223372036854775807"

    // MARK: - Request parsing

    @Test("numbers past the limits or the Int64 range get the protocol errors and the link closes")
    func protocolLimits() throws {
        let multibulk = "-ERR Protocol error: invalid multibulk length\r\n"
        let bulk = "-ERR Protocol error: invalid bulk length\r\n"
        let cases: [(send: String, reply: String)] = [
            ("*9999999999999999999\r\n", multibulk), ("*-9999999999999999999\r\n", multibulk),
            ("*9223372036854775808\r\n", multibulk), ("*\(Self.big)\r\n", multibulk),
            ("*1048577\r\n", multibulk), ("*01\r\n", multibulk), ("*-0\r\n", multibulk),
            ("*+1\r\n", multibulk), ("* 1\r\n", multibulk), ("*\r\n", multibulk),
            ("*1\r\n$9999999999999999999\r\n", bulk), ("*1\r\n$\(Self.big)\r\n", bulk),
            ("*1\r\n$536870913\r\n", bulk), ("*1\r\n$-1\r\n", bulk), ("*1\r\n$01\r\nx\r\n", bulk),
            ("*1\r\n$-0\r\n", bulk), ("*1\r\n$\r\n", bulk),
            // What came before the bad request is answered first.
            ("PING\r\n*x\r\n", "+PONG\r\n" + multibulk),
            // A negative count is an empty request, not an error.
            ("*-1\r\nPING\r\nQUIT\r\n", "+PONG\r\n+OK\r\n"),
        ]
        try withServer { server in
            for (request, expected) in cases {
                let client = try TestClient(port: server.port)
                try client.sendRaw(Array(request.utf8))
                #expect(try Self.bytesUntilClosed(client) == Array(expected.utf8), "\(request.debugDescription)")
            }
            // The byte after '*N' lines must be '$'; it is quoted raw.
            let client = try TestClient(port: server.port)
            try client.sendRaw(Array("*2\r\n$4\r\nPING\r\n".utf8) + [0xFF] + Array("4\r\n".utf8))
            #expect(try Self.bytesUntilClosed(client) == Array("-ERR Protocol error: expected '$', got '".utf8)
                + [0xFF] + Array("'\r\n".utf8))
            #expect(try TestClient(port: server.port).call("PING") == .status("PONG"))
        }
    }

    @Test("64 KB without a line end is refused; a NUL before the line end hides it, as strchr() does")
    func lineLimits() throws {
        let a = [UInt8](repeating: UInt8(ascii: "A"), count: 65537)
        let digits = [UInt8](repeating: UInt8(ascii: "1"), count: 65537)
        let cases: [(send: [UInt8], reply: String)] = [
            (a, "-ERR Protocol error: too big inline request\r\n"),
            (Array("*".utf8) + digits, "-ERR Protocol error: too big mbulk count string\r\n"),
            (Array("*1\r\n$".utf8) + digits, "-ERR Protocol error: too big bulk count string\r\n"),
            (Array("PI".utf8) + [0] + Array("NG\r\nPING\r\n".utf8) + a, "-ERR Protocol error: too big inline request\r\n"),
            (Array("*1".utf8) + [0] + Array("\r\n$4\r\nPING\r\n".utf8) + a,
             "-ERR Protocol error: too big mbulk count string\r\n"),
        ]
        try withServer { server in
            for (request, expected) in cases {
                let client = try TestClient(port: server.port)
                try client.sendRaw(request)
                #expect(try Self.bytesUntilClosed(client) == Array(expected.utf8), "\(request.prefix(12))")
            }
            // Just under the limit, a long inline line is a command like any other.
            let client = try TestClient(port: server.port)
            try client.sendRaw([UInt8](repeating: UInt8(ascii: "B"), count: 60000) + Array("\r\n".utf8))
            let expected = "-ERR unknown command '\(String(repeating: "B", count: 60000))'\r\n"
            #expect(try Self.bytes(client, count: expected.utf8.count) == Array(expected.utf8))
        }
    }

    @Test("inline lines drop empty words: `PING \"\"` is PING and a line of \"\" runs nothing")
    func inlineEmptyWords() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            try client.sendRaw(Array("PING \"\"\r\n\"\" ''\r\n\"\" PING\r\n".utf8))
            #expect(try Self.bytes(client, count: 14) == Array("+PONG\r\n+PONG\r\n".utf8))
            #expect(try client.call("PING", "x") == .bulk(Array("x".utf8)))
        }
    }

    // MARK: - Unknown command names

    @Test("an unknown command is quoted back as raw bytes, cut at a NUL, CR and LF as spaces, never shortened")
    func unknownCommandBytes() throws {
        let cases: [(name: [UInt8], quoted: [UInt8])] = [
            ([0xFF, 0xFE, 0x61, 0x62, 0xC3], [0xFF, 0xFE, 0x61, 0x62, 0xC3]),
            (Array("ab".utf8) + [0] + Array("cd".utf8), Array("ab".utf8)),
            (Array("ping".utf8) + [0, 0x78], Array("ping".utf8)),
            (Array("a\r\nb".utf8), Array("a  b".utf8)),
            ([], []),
            ([UInt8](repeating: UInt8(ascii: "x"), count: 300), [UInt8](repeating: UInt8(ascii: "x"), count: 300)),
        ]
        try withServer { server in
            let client = try TestClient(port: server.port)
            for (name, quoted) in cases {
                try client.sendRaw(Array("*1\r\n$\(name.count)\r\n".utf8) + name + Array("\r\n".utf8))
                let expected = Array("-ERR unknown command '".utf8) + quoted + Array("'\r\n".utf8)
                #expect(try Self.bytes(client, count: expected.count) == expected, "\(name.prefix(8))")
            }
            #expect(try client.call("PING") == .status("PONG"))
        }
    }

    // MARK: - 64-bit option values

    @Test("ADDJOB takes 64-bit TTL, RETRY, DELAY, timeout, MAXLEN and keeps the real server's 32-bit fields")
    func addjobHugeOptions() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            // TTL: the ID is made from TTL as a C int (-1 here: minutes 0, odd for RETRY > 0),
            // and the 32-bit expiry ends up a second in the past, so the job expires at once.
            let expired = try #require(client.call("ADDJOB", "h", "x", "0", "TTL", Self.big).string)
            #expect(expired.hasPrefix("D-") && expired.hasSuffix("-0001"))
            try waitUntil("TTL \(Self.big) job expired") { try client.call("SHOW", expired) == .nullBulk }
            // 2^32 + 100 seconds keep 100 seconds of life.
            let short = try #require(client.call("ADDJOB", "h", "x", "0", "TTL", "4294967396").string)
            #expect((99...100).contains(try Self.field(client, short, "ttl")?.int ?? -1))

            // RETRY: stored as 32 bits; `retry*1000` is 32-bit arithmetic too.
            let maxRetry = try #require(client.call("ADDJOB", "h", "x", "0", "RETRY", Self.big).string)
            #expect(maxRetry.hasSuffix("-05a0"), "RETRY as a C int is -1: not > 0, so an even TTL tag")
            #expect(try Self.field(client, maxRetry, "retry") == .integer(4_294_967_295))
            #expect((4_294_965_000...4_294_967_000).contains(try Self.field(client, maxRetry, "next-requeue-within")?.int ?? 0))
            let wrapped = try #require(client.call("ADDJOB", "h", "x", "0", "RETRY", "100000000").string)
            #expect((1_215_750_000...1_215_753_000).contains(try Self.field(client, wrapped, "next-requeue-within")?.int ?? 0))
            let zero = try #require(client.call("ADDJOB", "h", "x", "0", "RETRY", "4294967296").string)
            #expect(try Self.field(client, zero, "retry") == .integer(0))
            #expect(try Self.field(client, zero, "next-requeue-within") == .nullBulk)

            // DELAY: compared with TTL as 64 bits, stored as 32; the first queue time stays 64-bit.
            #expect(try client.call("ADDJOB", "h", "x", "0", "DELAY", Self.big) == .error(
                "ERR The specified DELAY is greater than TTL. Job refused since would never be delivered"))
            let lowBitsZero = try #require(client.call("ADDJOB", "h", "x", "0", "DELAY", "4294967296",
                                                       "TTL", "9000000000").string)
            #expect(try Self.field(client, lowBitsZero, "delay") == .integer(0))
            #expect(try Self.field(client, lowBitsZero, "state") == .bulk(Array("queued".utf8)))
            let later = try #require(client.call("ADDJOB", "h", "x", "0", "DELAY", "100000000",
                                                 "TTL", "200000000").string)
            #expect(try Self.field(client, later, "state") == .bulk(Array("active".utf8)))
            #expect((99_999_990_000...100_000_000_000).contains(try Self.field(client, later, "next-requeue-within")?.int ?? 0))

            // The ms timeout and MAXLEN are just limits; REPLICATE is range-checked.
            #expect(try client.call("ADDJOB", "h", "x", Self.big).string?.hasPrefix("D-") == true)
            #expect(try client.call("ADDJOB", "h", "x", "0", "MAXLEN", Self.big).string?.hasPrefix("D-") == true)
            #expect(try client.call("ADDJOB", "h", "x", "0", "REPLICATE", Self.big)
                == .error("ERR REPLICATE must be between 1 and 65535"))
            #expect(try client.call("ADDJOB", "h", "x", "9223372036854775808")
                == .error("ERR timeout is not an integer or out of range"))
        }
    }

    @Test("WORKING and NACK on a job with a 32-bit-maximum RETRY")
    func workingAndNackHugeRetry() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let id = try #require(client.call("ADDJOB", "w", "x", "0", "RETRY", Self.big).string)
            #expect(try client.call("GETJOB", "FROM", "w").array?.count == 1)
            #expect(try client.call("WORKING", id) == .integer(4_294_967_295))
            #expect(try client.call("NACK", id) == .integer(1))
            #expect(try Self.field(client, id, "nacks") == .integer(1))
            #expect(try Self.field(client, id, "state") == .bulk(Array("queued".utf8)))
        }
    }

    @Test("GETJOB, QPEEK, JSCAN and CLIENT KILL take the whole Int64 range")
    func hugeCounts() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            for body in ["a", "b", "c"] { try client.call("ADDJOB", "n", body, "0") }
            func bodies(_ reply: RESPValue) -> [String] { reply.array?.compactMap { $0.array?[2].string } ?? [] }
            #expect(bodies(try client.call("QPEEK", "n", Self.big)) == ["a", "b", "c"])
            #expect(bodies(try client.call("QPEEK", "n", "-" + Self.big)) == ["c", "b", "a"])
            #expect(bodies(try client.call("QPEEK", "n", "-9223372036854775808")) == ["c", "b", "a"])
            // A negative COUNT is no limit at all for the scans (the server compares it unsigned).
            let scan = try client.call("JSCAN", "COUNT", "-1")
            #expect(scan.array?.first == .bulk(Array("0".utf8)) && scan.array?.last?.array?.count == 3)
            #expect(bodies(try client.call("GETJOB", "COUNT", Self.big, "FROM", "n")) == ["a", "b", "c"])
            // A TIMEOUT this large wraps the deadline into the past: an immediate null reply.
            #expect(try client.call("GETJOB", "TIMEOUT", Self.big, "FROM", "empty") == .nullArray)
            #expect(try client.call("CLIENT", "KILL", "ID", Self.big) == .integer(0))
            #expect(try client.call("CLIENT", "KILL", "ID", "99999999999999999999")
                == .error("ERR value is not an integer or out of range"))
            #expect(try client.call("PING") == .status("PONG"))
        }
    }

    // MARK: - Clients

    @Test("one client over maxclients is told so and disconnected; a freed slot is usable again")
    func maxClients() throws {
        let node = try TestNode(backend: .miniDisque) { $0.maxClients = 2 }
        defer { node.stop() }
        let first = try TestClient(port: node.port)
        var second: TestClient? = try TestClient(port: node.port)
        #expect(try first.call("PING") == .status("PONG"))
        #expect(try second?.call("PING") == .status("PONG"))
        let refused = try TestClient(port: node.port)
        #expect(try Self.bytesUntilClosed(refused) == Array("-ERR max number of clients reached\r\n".utf8))
        let stats = try first.call("INFO", "stats").string ?? ""
        #expect(stats.contains("\r\nrejected_connections:1\r\n"))
        #expect(try first.call("CONFIG", "GET", "maxclients") == .array([.bulk(Array("maxclients".utf8)),
                                                                            .bulk(Array("2".utf8))]))
        second = nil // closes its link; the node notices and frees the slot
        try waitUntil("a slot is free again") { try TestClient(port: node.port).call("PING") == .status("PONG") }
    }

    // MARK: - Helpers

    /// Everything the node sends until it closes the link; throws if it keeps it open.
    static func bytesUntilClosed(_ client: TestClient) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return out }
            guard n > 0 else {
                throw TestFailure("the link stayed open; received \(String(decoding: out, as: UTF8.self).debugDescription)")
            }
            out += buffer[0..<n]
        }
    }

    /// Exactly `count` reply bytes (the link stays open).
    static func bytes(_ client: TestClient, count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while out.count < count {
            let n = buffer.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, min($0.count, count - out.count), 0) }
            guard n > 0 else { throw TestFailure("short reply after \(out.count) of \(count) bytes") }
            out += buffer[0..<n]
        }
        return out
    }

    /// One field of SHOW, nil when the job is unknown.
    static func field(_ client: TestClient, _ id: String, _ name: String) throws -> RESPValue? {
        guard let items = try client.call("SHOW", id).array else { return nil }
        let index = stride(from: 0, to: items.count - 1, by: 2).first { items[$0].string == name }
        return index.map { items[$0 + 1] }
    }
}
