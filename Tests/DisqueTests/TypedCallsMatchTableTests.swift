import DisqueTestSupport
import Testing
@testable import Disque

/// Every typed call's command, as it goes on the wire, passes the command
/// table's own validation: the hand-written argument lists of the typed API
/// and the table's grammar can never drift apart unnoticed.
@Suite("Typed calls against the command table")
struct TypedCallsMatchTableTests {
    /// Runs `body` on a live node, recording every command the connection sends.
    func sentCommands(_ body: (DisqueConnection) throws -> Void) throws -> [[String]] {
        let node = try TestNode()
        let connection = try node.connect()
        let sent = Box()
        connection.echo = { event in
            if case .sent(let words) = event { sent.commands.append(words.map { String(decoding: $0, as: UTF8.self) }) }
        }
        try body(connection)
        return sent.commands
    }

    final class Box: @unchecked Sendable { var commands: [[String]] = [] }

    @Test("each typed call sends a command the table accepts")
    func everyCallValidates() throws {
        let commands = try sentCommands { disque in
            let id = try disque.addJob(queue: "t", body: "b", timeout: .milliseconds(100), replicate: 1,
                                       delay: .seconds(1), retry: .seconds(30), ttl: .seconds(60), maxlen: 100, async: true)
            let other = try disque.addJob(queue: "t", body: "c")
            _ = try disque.getJob(from: ["t", "u"], timeout: .milliseconds(10), count: 2, noHang: false, withCounters: true)
            _ = try disque.getJob(from: "t", noHang: true)
            _ = try disque.show(id)
            _ = try disque.working(other)
            _ = try disque.nack(other)
            _ = try disque.enqueue(id, other)
            _ = try disque.dequeue(id)
            _ = try disque.fastAck(other)
            _ = try disque.ackJob(id)
            _ = try disque.delJob(id)
            _ = try disque.qlen("t")
            _ = try disque.qpeek("t", count: -2)
            _ = try disque.qstat("t")
            _ = try disque.qscan(cursor: "0", count: 10, busyloop: true, minlen: 0, maxlen: 10, importrate: 0)
            _ = try disque.allQueues(count: 5)
            _ = try disque.jscan(cursor: "0", count: 10, busyloop: true, queue: "t", states: [.queued, .active])
            _ = try disque.jscanDetails(count: 10, queue: "t")
            _ = try disque.allJobs(count: 5, queue: "t", states: [.acked])
            _ = try disque.pause("t", .in, .state)
            _ = try disque.pause("t", .none)
            _ = try disque.hello()
            _ = try disque.info()
            _ = try disque.info("jobs")
            _ = try disque.ping()
            _ = try disque.ping("hi")
        }
        let names = Set(commands.compactMap(\.first))
        #expect(names.isSuperset(of: ["ADDJOB", "GETJOB", "SHOW", "WORKING", "NACK", "ENQUEUE", "DEQUEUE", "FASTACK",
                                      "ACKJOB", "DELJOB", "QLEN", "QPEEK", "QSTAT", "QSCAN", "JSCAN", "PAUSE", "HELLO",
                                      "INFO", "PING"]), "\(names.sorted())")
        for command in commands {
            let found = CommandTable.lookup(command)
            #expect(found != nil, "no descriptor for \(command)")
            guard let (descriptor, nameWords) = found else { continue }
            #expect(throws: Never.self, "\(command)") { try descriptor.validate(Array(command[nameWords...])) }
        }
    }
}
