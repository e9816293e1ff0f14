import DisqueTestSupport
import Glibc
import MiniDisque
import RESP
import Testing

/// The wire: inline commands, pipelining, AUTH, QUIT, SHUTDOWN, many clients.
@Suite("Protocol and sessions")
struct ProtocolTests {
    @Test("inline commands work like on the real server, quotes included")
    func inlineCommands() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            try client.sendRaw(Array("PING\r\nQLEN nothing\r\nPING \"two words\"\r\n\r\nping 'it''s'\r\n".utf8))
            #expect(try client.read() == .status("PONG"))
            #expect(try client.read() == .integer(0))
            #expect(try client.read() == .bulk("two words"))
            #expect(try client.read() == .error("ERR Protocol error: unbalanced quotes in request"))
            #expect(client.isClosedByServer())
        }
    }

    @Test("a bare LF ends an inline line, and the real server then drops the byte after it")
    func bareLineFeed() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            // Sent in one write, so the byte after each LF has arrived when the line is parsed.
            try client.sendRaw(Array("PING a\nXPING b\r\nQLEN nothing\nXPING\r\n".utf8))
            #expect(try client.read() == .bulk("a"))
            #expect(try client.read() == .bulk("b"))
            #expect(try client.read() == .integer(0))
            #expect(try client.read() == .status("PONG"))
        }
    }

    @Test("pipelined requests are answered in order")
    func pipelining() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            var batch: [UInt8] = []
            for i in 0..<2000 { batch += RESPEncoder.command(["ADDJOB", "pipe", "job\(i)", "0"]) }
            batch += RESPEncoder.command(["QLEN", "pipe"])
            batch += RESPEncoder.command(["QPEEK", "pipe", "-1"])
            try client.sendRaw(batch)
            var ids: [String] = []
            for _ in 0..<2000 {
                guard case .status(let id) = try client.read() else { Issue.record("not a job ID"); return }
                ids.append(id)
            }
            #expect(Set(ids).count == 2000)
            #expect(try client.read() == .integer(2000))
            let newest = try client.read().array?.first?.array ?? []
            #expect(newest.count == 3 && newest[1] == .bulk(ids[1999]) && newest[2] == .bulk("job1999"))
        }
    }

    @Test("binary bodies of megabytes survive partial reads and writes")
    func largeBodies() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            let body = (0..<(3 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            var batch: [UInt8] = []
            for _ in 0..<8 {
                RESPEncoder.encodeCommand([Array("ADDJOB".utf8), Array("big".utf8), body, Array("0".utf8)], into: &batch)
            }
            // Dribble the request out so the server sees it in many pieces.
            for start in stride(from: 0, to: batch.count, by: 1 << 20) {
                try client.sendRaw(Array(batch[start..<min(batch.count, start + (1 << 20))]))
            }
            for _ in 0..<8 {
                guard case .status = try client.read() else { Issue.record("no job ID"); return }
            }
            // 24 MB of reply: more than the socket buffers hold, so the server must wait for POLLOUT.
            try client.send(["QPEEK", "big", "8"])
            let jobs = try client.read().array ?? []
            #expect(jobs.count == 8)
            #expect(jobs.allSatisfy { $0.array?[2] == .bulk(body) })
            #expect(try client.call("PING") == .status("PONG"))
        }
    }

    @Test("protocol errors get the real text and close the connection")
    func protocolErrors() throws {
        try withServer { server in
            let bad = try TestClient(port: server.port)
            try bad.sendRaw(Array("*2\r\n$4\r\nQLEN\r\n:1\r\n".utf8))
            #expect(try bad.read() == .error("ERR Protocol error: expected '$', got ':'"))
            #expect(bad.isClosedByServer())
            let worse = try TestClient(port: server.port)
            try worse.sendRaw(Array("*x\r\n".utf8))
            #expect(try worse.read() == .error("ERR Protocol error: invalid multibulk length"))
        }
    }

    @Test("with requirepass, everything but AUTH answers NOAUTH until authenticated")
    func authentication() throws {
        try withServer(password: "s3cret") { server in
            let client = try TestClient(port: server.port)
            var batch: [UInt8] = []
            for command in [["PING"], ["QLEN", "q"], ["AUTH", "wrong"], ["AUTH", "s3cret"], ["PING"]] {
                batch += RESPEncoder.command(command)
            }
            try client.sendRaw(batch)
            #expect(try client.read() == .error("NOAUTH Authentication required."))
            #expect(try client.read() == .error("NOAUTH Authentication required."))
            #expect(try client.read() == .error("ERR invalid password"))
            #expect(try client.read() == .status("OK"))
            #expect(try client.read() == .status("PONG"))
            let other = try TestClient(port: server.port)
            #expect(try other.call("HELLO") == .error("NOAUTH Authentication required."))
            #expect(try other.call("FOO") == .error("ERR unknown command 'FOO'"))
            #expect(try other.call("QLEN") == .error("ERR wrong number of arguments for 'qlen' command"))
        }
    }

    @Test("AUTH without a password set is an error")
    func authWithoutPassword() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            #expect(try client.call("AUTH", "x") == .error("ERR Client sent AUTH, but no password is set"))
        }
    }

    @Test("QUIT answers OK and closes the connection")
    func quit() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            #expect(try client.call("QUIT") == .status("OK"))
            #expect(client.isClosedByServer())
        }
    }

    @Test("server introspection replies have the real shapes")
    func introspection() throws {
        try withServer { server in
            let client = try TestClient(port: server.port)
            #expect(try client.call("COMMAND", "COUNT") == .integer(32))
            #expect(try client.call("CONFIG", "GET", "port") == .array([.bulk("port"), .bulk(String(server.port))]))
            let time = try client.call("TIME").array ?? []
            #expect(time.count == 2 && time.allSatisfy { if case .bulk = $0 { return $0.int != nil }; return false })
            #expect(try client.call("INFO", "nosuch") == .bulk(""))
            try client.call("ADDJOB", "i", "x", "0")
            try client.call("ADDJOB", "i", "y", "0")
            #expect(try client.call("INFO", "jobs") == .bulk("# Jobs\r\nregistered_jobs:2\r\n"))
            let info = try client.call("INFO").string ?? ""
            for section in ["# Server", "# Clients", "# Memory", "# Jobs", "# Queues", "# Persistence", "# Stats", "# CPU"] {
                #expect(info.contains("\(section)\r\n"))
            }
            #expect(info.contains("disque_version:1.0-rc1\r\n") && info.contains("tcp_port:\(server.port)\r\n"))
            #expect(try client.call("CLUSTER", "NODES") == .bulk("\(try server.nodeID) :\(server.port) myself 0 0 connected\n"))
        }
    }

    @Test("SHUTDOWN closes the node; stop() afterwards is harmless")
    func shutdown() throws {
        let server = try TestNode()
        let client = try TestClient(port: server.port)
        try client.send(["SHUTDOWN"])
        #expect(client.isClosedByServer())
        #expect(eventually(timeoutMs: 5000) { !LoopbackPorts.isListening(server.port) })
        server.stop()
        server.stop()
    }

    @Test("MONITOR streams other clients' commands; CLIENT names and kills connections")
    func monitorAndClient() throws {
        try withServer { server in
            let watcher = try TestClient(port: server.port)
            let worker = try TestClient(port: server.port)
            #expect(try watcher.call("MONITOR") == .status("OK"))
            #expect(try worker.call("CLIENT", "SETNAME", "worker-1") == .status("OK"))
            #expect(try worker.call("CLIENT", "GETNAME") == .bulk("worker-1"))
            let line = try watcher.read().string ?? ""
            #expect(line.contains(" [127.0.0.1:") && line.hasSuffix("\"CLIENT\" \"SETNAME\" \"worker-1\""))
            _ = try watcher.read() // the GETNAME
            let list = try worker.call("CLIENT", "LIST").string ?? ""
            let entry = try #require(list.split(separator: "\n").first { $0.contains("name=worker-1") })
            let address = try #require(entry.split(separator: " ").first { $0.hasPrefix("addr=") }?.dropFirst(5))
            let admin = try TestClient(port: server.port)
            #expect(try admin.call("CLIENT", "KILL", String(address)) == .status("OK"))
            #expect(worker.isClosedByServer())
            #expect(try admin.call("CLIENT", "KILL", "1.2.3.4:5") == .error("ERR No such client"))
        }
    }

    @Test("a taken port is reported clearly")
    func portInUse() throws {
        try withServer { server in
            let second = MiniDisqueServer(configuration: MiniDisqueConfiguration(port: server.port))
            do throws(MiniDisqueError) {
                try second.start()
                Issue.record("second bind succeeded")
            } catch {
                #expect(error.description == "port \(server.port) in use on 127.0.0.1")
            }
        }
    }

    @Test("the Unix socket listener serves the same node")
    func unixSocket() throws {
        try withServer(unixSocket: true) { server in
            let tcp = try TestClient(port: server.port)
            let local = try TestClient(unixPath: try #require(server.unixSocketPath))
            try tcp.call("ADDJOB", "u", "x", "0")
            #expect(try local.call("QLEN", "u") == .integer(1))
        }
    }

    @Test("a hundred clients at once each get their own answers")
    func manyClients() throws {
        try withServer { server in
            let clients = try (0..<100).map { _ in try TestClient(port: server.port) }
            for (i, client) in clients.enumerated() { try client.send(["ADDJOB", "mc\(i % 7)", "c\(i)", "0"]) }
            for client in clients {
                guard case .status = try client.read() else { Issue.record("no job ID"); return }
            }
            for (i, client) in clients.enumerated() { try client.send(["PING", "n\(i)"]) }
            for (i, client) in clients.enumerated() { #expect(try client.read() == .bulk("n\(i)")) }
            var total: Int64 = 0
            for q in 0..<7 { total += try clients[0].call("QLEN", "mc\(q)").int ?? 0 }
            #expect(total == 100)
        }
    }
}
