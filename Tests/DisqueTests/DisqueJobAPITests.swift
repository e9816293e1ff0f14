import DisqueTestSupport
import Foundation
import Glibc
import Testing
@testable import Disque

/// The typed job commands against a live node.
@Suite("Typed job API")
struct DisqueJobAPITests {
    let server: TestNode
    let connection: DisqueConnection

    init() throws {
        server = try TestNode()
        connection = try server.connect()
    }

    @Test("ADDJOB, GETJOB, SHOW and ACKJOB round trip a binary body")
    func addGetAck() throws {
        let body: [UInt8] = [0, 13, 10, 255, 36, 42, 13, 10, 0]
        let id = try connection.addJob(queue: "jobs", body: body)
        #expect(JobID.isWellFormed(id.rawValue))
        #expect(id.rawValue.hasPrefix("D-"))

        let info = try #require(try connection.show(id))
        #expect(info.id == id)
        #expect(info.queue == "jobs")
        #expect(info.state == .queued)
        #expect(info.body == body)
        #expect(info.replication == 1)
        #expect(info.retry == .seconds(300))

        let jobs = try connection.getJob(from: "jobs")
        #expect(jobs == [Job(queue: "jobs", id: id, body: body)])
        #expect(try connection.show(id)?.state == .active)
        #expect(try connection.ackJob(id) == 1)
        #expect(try connection.show(id) == nil)
        #expect(try connection.qlen("jobs") == 0)
    }

    @Test("ADDJOB options reach the server and show up in SHOW")
    func addJobOptions() throws {
        let id = try connection.addJob(queue: "q", body: "x", timeout: .milliseconds(500), replicate: 1,
                                       delay: .seconds(30), retry: .seconds(20), ttl: .seconds(100))
        let info = try #require(try connection.show(id))
        #expect(info.delay == .seconds(30))
        #expect(info.retry == .seconds(20))
        #expect(info.ttl > .seconds(95) && info.ttl <= .seconds(100))
        // Delayed: not queued yet.
        #expect(try connection.qlen("q") == 0)
        // A fraction of a second rounds up rather than becoming "no retry".
        let short = try connection.addJob(queue: "q2", body: "y", retry: .milliseconds(300), async: true)
        #expect(try connection.show(short)?.retry == .seconds(1))
        // RETRY 0 marks the ID (even TTL digits).
        let once = try connection.addJob(queue: "q2", body: "z", retry: .zero)
        #expect((once.encodedTTLMinutes ?? 1) % 2 == 0)
        #expect(try connection.working(once) == .zero)
    }

    @Test("server refusals become .reply with the server's code")
    func refusals() throws {
        let norepl = #expect(throws: DisqueError.self) { try connection.addJob(queue: "q", body: "b", replicate: 2) }
        #expect(norepl?.replyCode == "NOREPL")
        _ = try connection.addJob(queue: "full", body: "1")
        _ = try connection.addJob(queue: "full", body: "2")
        let maxlen = #expect(throws: DisqueError.self) { try connection.addJob(queue: "full", body: "3", maxlen: 2) }
        #expect(maxlen?.replyCode == "MAXLEN")
        let delay = #expect(throws: DisqueError.self) {
            try connection.addJob(queue: "q", body: "b", delay: .seconds(200), ttl: .seconds(100))
        }
        #expect(delay?.replyCode == "ERR")
        let badID = #expect(throws: DisqueError.self) { try connection.show(JobID(unchecked: "D-nope")) }
        #expect(badID?.replyCode == "BADID")
        try connection.pause("paused", .in)
        let paused = #expect(throws: DisqueError.self) { try connection.addJob(queue: "paused", body: "b") }
        #expect(paused?.replyCode == "PAUSED")
    }

    @Test("GETJOB with several queues, COUNT, NOHANG and WITHCOUNTERS")
    func getJobOptions() throws {
        let one = try connection.addJob(queue: "q1", body: "one")
        let two = try connection.addJob(queue: "q2", body: "two")
        let three = try connection.addJob(queue: "q2", body: "three")
        // The first queue listed that has jobs wins.
        #expect(try connection.getJob(from: ["q2", "q1"], noHang: true).map(\.id) == [two])
        let both = try connection.getJob(from: ["q1", "q2"], count: 10, noHang: true)
        #expect(both.map(\.id) == [one, three])
        #expect(both.map(\.queue) == ["q1", "q2"])
        #expect(both.allSatisfy { $0.nacks == nil && $0.additionalDeliveries == nil })
        #expect(try connection.getJob(from: ["q1", "q2"], noHang: true) == [])

        let four = try connection.addJob(queue: "q3", body: "four")
        #expect(try connection.getJob(from: "q3", withCounters: true).first?.nacks == 0)
        #expect(try connection.nack(four) == 1)
        let again = try #require(try connection.getJob(from: "q3", withCounters: true).first)
        #expect(again.nacks == 1)
        #expect(again.additionalDeliveries == 0)
        #expect(try connection.enqueue(four) == 1)
        let third = try #require(try connection.getJob(from: "q3", noHang: true, withCounters: true).first)
        #expect(third.additionalDeliveries == 1)
    }

    @Test("GETJOB with a timeout and nothing queued returns [] after the timeout")
    func getJobTimeout() throws {
        let (jobs, elapsed) = try measure { try connection.getJob(from: "empty", timeout: .milliseconds(150)) }
        #expect(jobs.isEmpty)
        #expect(elapsed >= .milliseconds(140))
        #expect(elapsed < .seconds(3))
        #expect(try connection.getJob(from: "empty", noHang: true).isEmpty)
    }

    @Test("a blocked GETJOB is woken by an ADDJOB on another connection")
    func blockingGetJob() throws {
        let options = server.options()
        let waiter = Background { () throws -> [Job] in
            let other = try DisqueConnection(options: options)
            return try other.getJob(from: "wake", timeout: .seconds(5))
        }
        try server.waitForBlockedClients(1)
        let id = try connection.addJob(queue: "wake", body: "hello")
        let result = try #require(waiter.wait(timeout: .seconds(5)))
        let jobs = try result.get()
        #expect(jobs.map(\.id) == [id])
        #expect(jobs.first?.bodyText == "hello")
    }

    @Test("a blocked GETJOB without a timeout outlives the read timeout")
    func blockingBeyondReadTimeout() throws {
        var options = server.options()
        options.readTimeout = .milliseconds(100)
        let impatient = options
        let waiter = Background { () throws -> [Job] in
            try DisqueConnection(options: impatient).getJob(from: "slow")
        }
        try server.waitForBlockedClients(1)
        // Time itself is what is tested here: the wait must outlast the 100 ms read timeout.
        Thread.sleep(forTimeInterval: 0.4)
        #expect(try server.blockedClients() == 1)
        let id = try connection.addJob(queue: "slow", body: "late")
        let result = try #require(waiter.wait(timeout: .seconds(5)))
        #expect(try result.get().map(\.id) == [id])
    }

    @Test("a GETJOB from a queue named \"nohang\" still blocks past the read timeout")
    func queueNamedNoHangBlocks() throws {
        var options = server.options()
        options.readTimeout = .milliseconds(100)
        let impatient = try DisqueConnection(options: options)
        // The server waits its own 400 ms TIMEOUT; a client that took the queue
        // name for the NOHANG option would give up after 100 ms instead.
        let start = ContinuousClock.now
        let reply = try impatient.send(["GETJOB", "TIMEOUT", "400", "FROM", "nohang"])
        #expect(reply == .nullArray)
        #expect(ContinuousClock.now - start >= .milliseconds(350))
        #expect(impatient.isConnected)
        #expect(DisqueConnection.commandMayBlock(["GETJOB", "FROM", "nohang"].map { Array($0.utf8) }))
        #expect(!DisqueConnection.commandMayBlock(["GETJOB", "nohang", "FROM", "q"].map { Array($0.utf8) }))
    }

    @Test("interruptDescriptor breaks a blocked GETJOB quickly and drops the link")
    func interrupt() throws {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let options = server.options()
        let readEnd = fds[0]
        let ready = DispatchSemaphore(value: 0)
        let waiter = Background { () throws -> (DisqueError?, Duration, Bool, Int) in
            let blocked = try DisqueConnection(options: options)
            blocked.interruptDescriptor = readEnd
            ready.signal()
            let start = ContinuousClock.now
            var caught: DisqueError?
            do { _ = try blocked.getJob(from: "never") } catch let error as DisqueError { caught = error }
            let elapsed = ContinuousClock.now - start
            let wasConnected = blocked.isConnected
            // The owner drains the descriptor; after that the connection works again.
            var byte: UInt8 = 0
            _ = read(readEnd, &byte, 1)
            let length = try blocked.qlen("never")
            return (caught, elapsed, wasConnected, length)
        }
        ready.wait()
        try server.waitForBlockedClients(1)
        let signalled = ContinuousClock.now
        var byte: UInt8 = 1
        #expect(write(fds[1], &byte, 1) == 1)
        let result = try #require(waiter.wait(timeout: .seconds(5)))
        let woke = ContinuousClock.now - signalled
        let (caught, elapsed, wasConnected, length) = try result.get()
        #expect(caught?.description == DisqueError.interrupted.description)
        // It was blocked in GETJOB (the node counted it) and returned only when signalled.
        #expect(elapsed >= woke - .milliseconds(50))
        #expect(woke < .milliseconds(300))
        #expect(!wasConnected)
        #expect(length == 0)
    }

    @Test("SHOW of an at-most-once job (RETRY 0): no next requeue, which the server sends as a null")
    func showAtMostOnce() throws {
        let id = try connection.addJob(queue: "once", body: "x", retry: .zero)
        let info = try #require(try connection.show(id))
        #expect(info.retry == .zero && info.nextRequeueWithin == nil)
        let retried = try #require(try connection.show(try connection.addJob(queue: "once", body: "y", retry: .seconds(30))))
        #expect((retried.nextRequeueWithin ?? .zero) > .seconds(20))
    }

    @Test("WORKING, NACK, DEQUEUE, ENQUEUE, DELJOB and FASTACK")
    func jobStateCommands() throws {
        let id = try connection.addJob(queue: "q", body: "body", retry: .seconds(30))
        #expect(try connection.getJob(from: "q").map(\.id) == [id])
        #expect(try connection.working(id) == .seconds(30))
        #expect(try connection.nack(id) == 1)
        #expect(try connection.qlen("q") == 1)
        #expect(try connection.dequeue(id) == 1)
        #expect(try connection.qlen("q") == 0)
        #expect(try connection.enqueue(id) == 1)
        #expect(try connection.enqueue(id) == 0)
        #expect(try connection.delJob(id) == 1)
        #expect(try connection.show(id) == nil)
        let a = try connection.addJob(queue: "q", body: "a")
        let b = try connection.addJob(queue: "q", body: "b")
        #expect(try connection.fastAck(a, b) == 2)
        #expect(try connection.ackJob([]) == 0)
        #expect(try connection.delJob(JobID("D-00000000-000000000000000000000000-0000")!) == 0)
    }
}
