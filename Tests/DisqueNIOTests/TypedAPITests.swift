import Disque
import DisqueNIO
import DisqueTestSupport
import Testing

/// Every typed call of the sync library, through DisqueClient, against the
/// node of this run (MiniDisque, or the real server with DISQUE_SERVER).
@Suite("DisqueClient typed API", .timeLimit(.minutes(1)))
struct TypedAPITests {
    @Test("the issue's example: addJob, then jobs(from:) yields it and ack() settles it")
    func readmeFlow() async throws {
        let node = try TestNode()
        let queue = uniqueQueue("emails")
        try await withClient(node) { client in
            let id = try await client.addJob(queue: queue, body: "to: ann", timeout: .seconds(1))
            for try await job in client.jobs(from: [queue]) {
                #expect(job.id == id)
                #expect(job.bodyText == "to: ann")
                #expect(try await job.ack())
                break
            }
            #expect(try await client.qlen(queue) == 0)
        }
    }

    @Test("job commands: getJob, show, working, nack, enqueue, dequeue, fastAck, delJob")
    func jobCommands() async throws {
        let node = try TestNode()
        let queue = uniqueQueue("jobs")
        try await withClient(node) { client in
            let id = try await client.addJob(queue: queue, body: [0, 1, 2, 255], retry: .seconds(30))
            let info = try #require(try await client.show(id))
            #expect(info.queue == queue && info.body == [0, 1, 2, 255] && info.state == .queued)
            let jobs = try await client.getJob(from: queue, timeout: .seconds(1), withCounters: true)
            #expect(jobs.map(\.id) == [id])
            #expect(jobs.first?.nacks == 0)
            #expect(try await client.working(id) > .zero)
            #expect(try await client.nack(id) == 1)
            #expect(try await client.qlen(queue) == 1)
            #expect(try await client.dequeue(id) == 1)
            #expect(try await client.qlen(queue) == 0)
            #expect(try await client.enqueue(id) == 1)
            #expect(try await client.qpeek(queue, count: 5).map(\.id) == [id])
            #expect(try await client.fastAck(id) == 1)
            let second = try await client.addJob(queue: queue, body: "x")
            #expect(try await client.delJob(second) == 1)
            #expect(try await client.show(second) == nil)
            #expect(try await client.getJob(from: [queue], noHang: true).isEmpty)
        }
    }

    @Test("queue and server commands: qstat, pause, hello, info, ping, raw send")
    func queueAndServer() async throws {
        let node = try TestNode()
        let queue = uniqueQueue("server")
        try await withClient(node) { client in
            _ = try await client.addJob(queue: queue, body: "a")
            let stats = try #require(try await client.qstat(queue))
            #expect(stats.name == queue && stats.length == 1)
            #expect(try await client.qstat(uniqueQueue("none")) == nil)
            #expect(try await client.pause(queue, .in) == "in")
            #expect(try await client.pause(queue, .state) == "in")
            #expect(try await client.pause(queue, .none) == "none")
            let hello = try await client.hello()
            let nodeID = try node.nodeID
            #expect(hello.nodes.count == 1 && hello.myID == nodeID)
            #expect(try await client.info("server").contains("tcp_port:\(node.port)"))
            #expect(try await client.ping() == "PONG")
            #expect(try await client.ping("hi") == "hi")
            #expect(try await client.send(["QLEN", queue]) == .integer(1))
            guard case .error(let line) = try await client.send(["NOSUCHCOMMAND"]) else {
                Issue.record("an unknown command must come back as an error reply"); return
            }
            #expect(line.hasPrefix("ERR"))
        }
    }

    @Test("server errors are thrown as DisqueError.reply with the server's code")
    func typedErrors() async throws {
        let node = try TestNode()
        try await withClient(node) { client in
            do {
                _ = try await client.working(JobID(unchecked: "not-an-id"))
                Issue.record("WORKING of a malformed ID must fail")
            } catch let error as DisqueError {
                #expect(error.replyCode == "BADID")
            }
        }
    }

    @Test("scans: pages, and sequences over every page yield each item once")
    func scans() async throws {
        let node = try TestNode()
        let prefix = uniqueQueue("scan")
        try await withClient(node) { client in
            var ids: Set<JobID> = []
            for index in 0..<30 { ids.insert(try await client.addJob(queue: "\(prefix)-\(index)", body: "x")) }
            let queues = try await client.allQueues(count: 4).collect().filter { $0.hasPrefix(prefix) }
            #expect(Set(queues).count == 30 && queues.count == 30)
            let first = try await client.qscan(count: 4)
            #expect(!first.items.isEmpty)
            let jobs = try await client.allJobs(count: 4, states: [.queued]).collect()
            #expect(ids.isSubset(of: Set(jobs)))
            let page = try await client.jscan(count: 100, queue: "\(prefix)-0")
            #expect(page.items.count == 1)
            let details = try await client.jscanDetails(count: 100, queue: "\(prefix)-1")
            #expect(details.items.first?.queue == "\(prefix)-1")
        }
    }

    @Test("a password is sent with AUTH on every link; a wrong one is a typed reply error")
    func password() async throws {
        let node = try TestNode(password: "s3cret")
        try await withClient(node) { (client: DisqueClient) async throws in
            #expect(try await client.ping() == "PONG")
            #expect(try await client.getJob(from: ["q"], timeout: .milliseconds(50)).isEmpty)
        }
        try await withClient([node.endpoint], password: "wrong") { client in
            do {
                _ = try await client.ping()
                Issue.record("a wrong password must fail")
            } catch let error as DisqueError {
                #expect(error.replyCode != nil)
            }
        }
    }
}
