import Disque
import Logging
import ServiceLifecycle

extension DisqueClient {
    /// Jobs from `queues`, one by one, for as long as the caller iterates:
    /// fetched `count` at a time with GETJOB on the consumer node, each GETJOB
    /// waiting at most `wait` so the stream picks up locality moves and HELLO
    /// between batches. It follows the cluster (LEAVING, failover) and keeps
    /// going when a node is lost, retrying with a growing pause. A server
    /// error other than those (NOAUTH, a bad queue name) ends it with that error.
    ///
    /// Cancelling the iterating task ends the stream at once (the waiting
    /// GETJOB's link is closed; no job is taken) with `CancellationError`.
    /// Under a ServiceGroup, graceful shutdown stops fetching: jobs already
    /// fetched are still handed out, then the stream ends (nil).
    public func jobs(from queues: [String], count: Int = 1, wait: Duration = .seconds(5),
                     withCounters: Bool = false) -> JobStream {
        JobStream(client: self, queues: queues, count: max(1, count), wait: wait, withCounters: withCounters)
    }
}

/// The AsyncSequence `DisqueClient.jobs(from:)` returns.
public struct JobStream: AsyncSequence, Sendable {
    public typealias Element = DeliveredJob

    let client: DisqueClient
    let queues: [String]
    let count: Int
    let wait: Duration
    let withCounters: Bool

    public func makeAsyncIterator() -> Iterator { Iterator(stream: self) }

    public struct Iterator: AsyncIteratorProtocol {
        let stream: JobStream
        private var batch: [Job] = []
        private var next = 0
        private var failures = 0

        init(stream: JobStream) {
            self.stream = stream
        }

        public mutating func next() async throws -> DeliveredJob? {
            while true {
                if next < batch.count {
                    defer { next += 1 }
                    return DeliveredJob(job: batch[next], client: stream.client)
                }
                try Task.checkCancellation()
                if Task.isShuttingDownGracefully { return nil }
                guard let jobs = try await fetch() else { return nil }
                batch = jobs
                next = 0
            }
        }

        /// One GETJOB; nil when graceful shutdown ended it. Connection
        /// trouble (a node lost, every node down for a while) is waited out.
        private mutating func fetch() async throws -> [Job]? {
            let (client, queues, count, wait, withCounters) =
                (stream.client, stream.queues, stream.count, stream.wait, stream.withCounters)
            do {
                let jobs = try await cancelWhenGracefulShutdown {
                    try await client.getJob(from: queues, timeout: wait, count: count, withCounters: withCounters)
                }
                failures = 0
                return jobs
            } catch is CancellationError {
                if Task.isCancelled { throw CancellationError() }
                return nil  // graceful shutdown cut the wait short
            } catch let error as DisqueError where Self.isWorthWaitingOut(error) && !client.isShutDown {
                failures += 1
                let pause = Duration.milliseconds(Swift.min(2000, 50 << Swift.min(failures, 6)))
                client.logger.warning("GETJOB failed; trying again", metadata: [
                    "queues": "\(queues)", "error": "\(error)", "retryIn": "\(pause)"])
                try await Task.sleep(for: pause)
                return []
            }
        }

        /// Node trouble, not a refusal: the cluster may come back or move.
        private static func isWorthWaitingOut(_ error: DisqueError) -> Bool {
            switch error {
            case .connection, .notSentMayHaveReachedServer: return true
            case .reply(let code, _): return code == "LEAVING" || code == "NOREPL" || code == "TRYAGAIN"
            case .protocol, .interrupted, .validation: return false
            }
        }
    }
}
