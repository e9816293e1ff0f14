import DisqueTestSupport
import Foundation
import Testing
@testable import Disque

/// Typed queue and server commands against a live node, plus the pure
/// decoding helpers (job IDs, INFO text, durations).
@Suite("Typed queue and server API")
struct DisqueQueueServerAPITests {
    let server: TestNode
    let connection: DisqueConnection

    init() throws {
        server = try TestNode()
        connection = try server.connect()
    }

    @Test("QLEN, QPEEK from both ends, QSTAT")
    func queueInspection() throws {
        #expect(try connection.qstat("nosuch") == nil)
        let first = try connection.addJob(queue: "jobs", body: "a")
        let second = try connection.addJob(queue: "jobs", body: "b")
        #expect(try connection.qlen("jobs") == 2)
        #expect(try connection.qpeek("jobs", count: 1).map(\.id) == [first])
        #expect(try connection.qpeek("jobs", count: -1).map(\.id) == [second])
        #expect(try connection.qpeek("jobs", count: 10).map(\.bodyText) == ["a", "b"])
        #expect(try connection.qpeek("jobs", count: 0).isEmpty)
        _ = try connection.getJob(from: "jobs")
        let stats = try #require(try connection.qstat("jobs"))
        #expect(stats.name == "jobs")
        #expect(stats.length == 1)
        #expect(stats.jobsIn == 2)
        #expect(stats.jobsOut == 1)
        #expect(stats.blocked == 0)
        #expect(stats.importFrom.isEmpty)
        #expect(stats.pause == "none")
        #expect(stats.age >= .zero && stats.idle >= .zero)
    }

    @Test("QSCAN pages with COUNT 1 cover every queue, and the filters apply")
    func queueScan() throws {
        let names = (0..<7).map { "scan-\($0)" }
        for (index, name) in names.enumerated() {
            for body in 0...index { _ = try connection.addJob(queue: name, body: "\(body)") }
        }
        var seen: Set<String> = []
        var cursor = "0"
        var pages = 0
        repeat {
            let page = try connection.qscan(cursor: cursor, count: 1)
            seen.formUnion(page.items)
            cursor = page.cursor
            pages += 1
        } while cursor != "0" && pages < 1000
        #expect(seen == Set(names))
        #expect(Set(try connection.allQueues(count: 1)) == Set(names))
        #expect(try connection.allQueues(count: 1).count == names.count)
        #expect(Set(try connection.allQueues(minlen: 6)) == ["scan-5", "scan-6"])
        #expect(try connection.allQueues(maxlen: 1) == ["scan-0"])
        #expect(try connection.qscan(count: 100, minlen: 100).items.isEmpty)
    }

    @Test("JSCAN by queue and state, IDs and details, across pages")
    func jobScan() throws {
        var ids: [JobID] = []
        for index in 0..<5 { ids.append(try connection.addJob(queue: "scanned", body: "job \(index)")) }
        let other = try connection.addJob(queue: "elsewhere", body: "x")
        #expect(Set(try connection.allJobs(count: 1, queue: "scanned")) == Set(ids))
        #expect(Set(try connection.allJobs(count: 1)) == Set(ids + [other]))
        #expect(try connection.allJobs(queue: "scanned", states: [.acked]).isEmpty)
        #expect(Set(try connection.allJobs(queue: "scanned", states: [.queued, .acked])) == Set(ids))
        let page = try connection.jscanDetails(count: 100, queue: "elsewhere")
        #expect(page.isLast)
        let details = try #require(page.items.first)
        #expect(details.id == other)
        #expect(details.queue == "elsewhere")
        #expect(details.state == .queued)
        #expect(details.bodyText == "x")
        #expect(try connection.jscan(count: 100, queue: "nosuch") == ScanPage(cursor: "0", items: []))
    }

    @Test("PAUSE sets and reports the pause state")
    func pause() throws {
        #expect(try connection.pause("q", .in) == "in")
        #expect(try connection.pause("q", .state) == "in")
        #expect(try connection.pause("q", .out) == "out")
        #expect(try connection.pause("q", .all) == "all")
        #expect(try connection.qstat("q")?.pause == "all")
        #expect(try connection.pause("q", .none) == "none")
        #expect(try connection.pause("q", [.in, .bcast]) == "in")
        let missing = #expect(throws: DisqueError.self) { try connection.pause("q") }
        #expect(missing?.replyCode == "ERR")
    }

    @Test("HELLO names this node with its port and priority as integers")
    func hello() throws {
        let hello = try connection.hello()
        #expect(hello.version == 1)
        #expect(hello.myID.count == 40)
        let myself = try #require(hello.myself)
        #expect(myself.port == server.port)
        #expect(myself.priority == 1)
        #expect(hello.nodes.count == 1)
    }

    @Test("INFO as text and as sections; PING")
    func infoAndPing() throws {
        _ = try connection.addJob(queue: "q", body: "x")
        let text = try connection.info()
        #expect(text.contains("# Server"))
        let sections = try connection.infoSections()
        #expect(sections["server"]?["tcp_port"] == String(server.port))
        #expect(sections["jobs"]?["registered_jobs"] == "1")
        let jobs = try connection.infoSections("jobs")
        #expect(jobs.keys.sorted() == ["jobs"])
        #expect(try connection.ping() == "PONG")
        #expect(try connection.ping("echo me") == "echo me")
    }

    @Test("INFO text from a real node parses into sections")
    func parseRecordedInfo() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/conformance/info.txt")
        let text = try String(contentsOf: fixture, encoding: .utf8).replacingOccurrences(of: "\n", with: "\r\n")
        let sections = DisqueConnection.parseInfo(text)
        #expect(sections["server"]?["disque_version"] == "1.0-rc1")
        #expect(sections["server"]?["config_file"] == "")
        #expect(sections["jobs"]?["registered_jobs"] == "0")
        #expect(sections["cpu"]?["used_cpu_user"] == "9.61")
        #expect(sections.keys.sorted() == ["clients", "cpu", "jobs", "memory", "persistence", "queues", "server", "stats"])
    }

    @Test("job IDs are checked exactly as the server checks them")
    func jobIDShape() {
        let id = JobID("D-dcb833cf-8YL1NT17e9+wsA/09NqxscQI-05a1")
        #expect(id?.nodePrefix == "dcb833cf")
        #expect(id?.encodedTTLMinutes == 0x05a1)
        #expect(JobID("D-00000000-000000000000000000000000-0000") != nil)
        #expect(JobID("not-a-job-id") == nil)
        #expect(JobID("D-dcb833cf-8YL1NT17e9+wsA/09NqxscQI-05a") == nil)
        #expect(JobID("X-dcb833cf-8YL1NT17e9+wsA/09NqxscQI-05a1") == nil)
        #expect(JobID("D-dcb833cfX8YL1NT17e9+wsA/09NqxscQI-05a1") == nil)
        #expect(JobID(unchecked: "anything").rawValue == "anything")
    }

    @Test("durations convert to the wire's units, rounding fractions up")
    func durations() {
        #expect(Duration.milliseconds(1500).wholeSeconds(roundingUp: true) == 2)
        #expect(Duration.seconds(3).wholeSeconds(roundingUp: true) == 3)
        #expect(Duration.microseconds(1).wholeMilliseconds(roundingUp: true) == 1)
        #expect(Duration.seconds(2).wholeMilliseconds(roundingUp: true) == 2000)
        #expect(Duration.zero.wholeMilliseconds(roundingUp: true) == 0)
        #expect(Duration.milliseconds(-1500).wholeSeconds(roundingUp: true) == -2)
        #expect(describe(.seconds(5)) == "5s")
        #expect(describe(.milliseconds(250)) == "250ms")
        #expect(describe(.milliseconds(1500)) == "1.500s")
    }

    @Test("error replies split into code and message")
    func errorLines() {
        let error = DisqueError.reply(errorLine: "NOREPL Not enough reachable nodes")
        #expect(error.replyCode == "NOREPL")
        if case .reply(_, let message) = error { #expect(message == "Not enough reachable nodes") }
        #expect(DisqueError.reply(errorLine: "LEAVING").description == "LEAVING")
        let lost = DisqueError.notSentMayHaveReachedServer(
            command: "ADDJOB", reason: ConnectionFailure(.lost, "Connection to Disque at x lost"))
        #expect(lost.description.hasPrefix("connection lost after ADDJOB was sent; it may or may not have been executed"))
    }
}
