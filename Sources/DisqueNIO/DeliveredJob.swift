import Disque
import Logging

/// A job GETJOB handed to this client, with the client to settle it:
/// `ack()` when done, `nack()` to put it back at once, `working()` to ask for
/// more time. Reads like a `Job` (`job.id`, `job.body`, `job.bodyText`…).
@dynamicMemberLookup
public struct DeliveredJob: Sendable {
    public let job: Job
    public let client: DisqueClient

    public init(job: Job, client: DisqueClient) {
        self.job = job
        self.client = client
    }

    public subscript<Value>(dynamicMember keyPath: KeyPath<Job, Value>) -> Value { job[keyPath: keyPath] }

    /// ACKJOB: the job is done; true when a node knew it.
    @discardableResult
    public func ack() async throws -> Bool { try await client.ackJob(job.id) > 0 }

    /// FASTACK: done, without waiting for the cluster to agree.
    @discardableResult
    public func fastAck() async throws -> Bool { try await client.fastAck(job.id) > 0 }

    /// NACK: give it back now, counting a failed attempt.
    @discardableResult
    public func nack() async throws -> Bool { try await client.nack(job.id) > 0 }

    /// WORKING: postpone the next requeue; returns the time the worker now has.
    @discardableResult
    public func working() async throws -> Duration { try await client.working(job.id) }

    /// Runs `body` while keeping the job from being queued again: WORKING
    /// goes out at once and then every half of the time the server grants
    /// (or every `interval`), until `body` returns or throws. A RETRY 0 job
    /// (the server grants 0) needs no WORKING; a failed WORKING is logged and
    /// tried again at the next tick, and never fails `body`.
    public func keepingAlive<T: Sendable>(every interval: Duration? = nil,
                                          _ body: @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { [job, client] in
                var wait = interval ?? .seconds(1)
                while !Task.isCancelled {
                    do {
                        let granted = try await client.working(job.id)
                        if granted == .zero && interval == nil { return nil }
                        wait = interval ?? max(.milliseconds(500), granted / 2)
                    } catch is CancellationError {
                        return nil
                    } catch {
                        client.logger.warning("WORKING failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
                    }
                    guard (try? await Task.sleep(for: wait)) != nil else { return nil }
                }
                return nil
            }
            let result = try await body()
            group.cancelAll()
            return result
        }
    }
}
