import Disque
import DisqueNIO
import DisqueTestSupport
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// A worker on jobs(from:) in a ServiceGroup: graceful shutdown stops the
/// fetching, lets the job in hand finish and ack, then everything returns.
@Suite("DisqueClient graceful shutdown", .timeLimit(.minutes(1)))
struct GracefulShutdownTests {
    /// Takes jobs one at a time; each waits for the test's go before its ack.
    struct GatedWorker: Service {
        let client: DisqueClient
        let queue: String
        let started: Recorded
        let acked: Recorded
        let gate: AsyncStream<Void>
        /// Set when the shutdown reached this worker (ServiceGroup passes it on asynchronously).
        let toldToStop: Flag

        func run() async throws {
            for try await job in client.jobs(from: [queue], wait: .seconds(30)) {
                started.append(job.id)
                await withGracefulShutdownHandler {
                    for await _ in gate { break }
                } onGracefulShutdown: {
                    toldToStop.set()
                }
                try await job.ack()
                acked.append(job.id)
            }
        }
    }

    @Test("SIGTERM-style shutdown with a job in flight: it finishes and acks, no new job is fetched")
    func shutdownWithJobInFlight() async throws {
        let node = try TestNode()
        let queue = uniqueQueue("graceful")
        var logger = Logger(label: "graceful-test")
        logger.logLevel = .warning
        let client = DisqueClient(nodes: [node.endpoint],
                                  configuration: DisqueClientConfiguration(helloRefresh: nil), logger: logger)
        let (gate, open) = AsyncStream<Void>.makeStream()
        let started = Recorded(), acked = Recorded(), toldToStop = Flag()
        let worker = GatedWorker(client: client, queue: queue, started: started, acked: acked, gate: gate,
                                 toldToStop: toldToStop)
        // The worker comes after the client: it is shut down first, while the client still runs.
        let group = ServiceGroup(configuration: .init(services: [client, worker], logger: logger))
        let running = Task { try await group.run() }

        let first = try await client.addJob(queue: queue, body: "in flight")
        try await waitFor("the worker has the job") { started.ids == [first] }
        await group.triggerGracefulShutdown()
        try await waitFor("the shutdown reached the worker") { toldToStop.isSet }
        // Queued after the shutdown began: the worker must not fetch it.
        let second = try node.send(["ADDJOB", queue, "later", "0"]).string ?? ""
        open.yield()
        try await running.value

        #expect(acked.ids == [first])
        #expect(started.ids == [first])
        #expect(try node.send(["QLEN", queue]) == .integer(1))
        let secondState = try node.send(["SHOW", second])
        #expect(secondState.array?.contains(.bulk("queued")) == true)
        // And the client closed its links on the way out.
        try await waitFor("no client blocked") { try node.blockedClients() == 0 }
    }
}

/// Job IDs a worker saw, shared with the test.
final class Recorded: Sendable {
    private let list = Mutex<[JobID]>([])
    func append(_ id: JobID) { list.withLock { $0.append(id) } }
    var ids: [JobID] { list.withLock { $0 } }
}

/// A one-way switch shared between a service and the test.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
