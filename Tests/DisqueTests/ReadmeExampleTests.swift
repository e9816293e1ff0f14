import DisqueTestSupport
import Disque
import Testing

/// The README's library example, run as written against a node on a free port,
/// so the first code a reader copies is known to compile and work.
@Suite("README library example")
struct ReadmeExampleTests {
    @Test("adds, fetches, acks and shows a job")
    func readmeExample() throws {
        let server = try TestNode()
        defer { server.stop() }
        var fetched: [Job] = []
        var shownAfterAck: JobInfo??
        try withConnection(.tcp(host: "127.0.0.1", port: server.port)) { disque in
            let id = try disque.addJob(queue: "emails", body: "to: ann", timeout: .milliseconds(100),
                                       retry: .seconds(30), ttl: .seconds(3600))
            for job in try disque.getJob(from: "emails", timeout: .seconds(1)) {
                fetched.append(job)
                _ = try disque.ackJob(job.id)
            }
            shownAfterAck = .some(try disque.show(id))
            #expect(fetched.map(\.id) == [id])
        }
        #expect(fetched.first?.bodyText == "to: ann")
        #expect(fetched.first?.queue == "emails")
        // Acknowledged on a single node: the job is gone.
        #expect(shownAfterAck == .some(nil))
    }
}
