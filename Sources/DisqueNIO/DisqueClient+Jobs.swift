import Disque

/// The typed job commands, routed as DisqueCluster routes them. Server
/// error replies are thrown as `DisqueError.reply(code:message:)`.
extension DisqueClient {
    /// ADDJOB on the producer node; returns the new job's ID. `timeout` is
    /// how long the server may wait for replication (5 s by default: `.zero`
    /// tells the server to wait without limit). Refused with "NOREPL Not
    /// enough reachable nodes…" (no job was created) it is tried on one more
    /// node; any other failure after sending is reported, never repeated.
    /// Durations in seconds round up, as the sync client's do.
    public func addJob(queue: String, body: [UInt8], timeout: Duration = .seconds(5), replicate: Int? = nil,
                       delay: Duration? = nil, retry: Duration? = nil, ttl: Duration? = nil,
                       maxlen: Int? = nil, async: Bool = false) async throws -> JobID {
        let command = CommandArguments.addJob(queue: queue, body: body, timeout: timeout, replicate: replicate,
                                                delay: delay, retry: retry, ttl: ttl, maxlen: maxlen, async: async)
        return try await dispatch("ADDJOB", isIdempotent: false, role: .producer, choice: .role(.producer)) {
            pool, _ in
            try JobID(reply: try await call(pool, bytes: command), command: "ADDJOB")
        }
    }

    /// ADDJOB with a text body (sent as UTF-8).
    public func addJob(queue: String, body: String, timeout: Duration = .seconds(5), replicate: Int? = nil,
                       delay: Duration? = nil, retry: Duration? = nil, ttl: Duration? = nil,
                       maxlen: Int? = nil, async: Bool = false) async throws -> JobID {
        try await addJob(queue: queue, body: Array(body.utf8), timeout: timeout, replicate: replicate, delay: delay,
                         retry: retry, ttl: ttl, maxlen: maxlen, async: async)
    }

    /// GETJOB on the consumer node: up to `count` jobs from the first of
    /// `queues` that has any, waiting at most `timeout` (nil or `.zero`: no
    /// limit) unless `noHang`; [] when nothing came. A waiting GETJOB holds a
    /// link of its own. Cancelling the task ends the wait at once and takes
    /// no job: the link is closed, and a job that raced in is queued again.
    /// -LEAVING (no job taken) sends it to another node; the jobs' creators
    /// feed the locality rule, which may move GETJOB.
    public func getJob(from queues: [String], timeout: Duration? = nil, count: Int? = nil,
                       noHang: Bool = false, withCounters: Bool = false) async throws -> [Job] {
        let command = CommandArguments.getJob(from: queues, timeout: timeout, count: count, noHang: noHang,
                                              withCounters: withCounters)
        let (jobs, node) = try await dispatch("GETJOB", isIdempotent: false, role: .consumer,
                                              choice: .role(.consumer)) {
            pool, node in
            // The table's wait rule: NOHANG not at all, TIMEOUT that long, else without limit.
            let reply = try await call(pool, command, blocking: !noHang)
            return (try Job.list(from: reply, command: "GETJOB"), node)
        }
        if Task.isCancelled, !jobs.isEmpty {
            // The reply beat the cancellation: put the jobs back rather than drop them on the floor.
            let ids = jobs.map(\.id)
            _ = try? await Task { try await self.enqueue(ids) }.value
            throw CancellationError()
        }
        noteDelivered(jobs.map(\.id), from: node, byGetJob: true)
        return jobs
    }

    public func getJob(from queue: String, timeout: Duration? = nil, count: Int? = nil,
                       noHang: Bool = false, withCounters: Bool = false) async throws -> [Job] {
        try await getJob(from: [queue], timeout: timeout, count: count, noHang: noHang, withCounters: withCounters)
    }

    /// ACKJOB, one command per node holding the jobs; the counts add up.
    @discardableResult public func ackJob(_ ids: JobID...) async throws -> Int { try await ackJob(ids) }
    @discardableResult public func ackJob(_ ids: [JobID]) async throws -> Int { try await jobsCommand(.ackJob, ids) }
    @discardableResult public func fastAck(_ ids: JobID...) async throws -> Int { try await fastAck(ids) }
    @discardableResult public func fastAck(_ ids: [JobID]) async throws -> Int { try await jobsCommand(.fastAck, ids) }
    @discardableResult public func nack(_ ids: JobID...) async throws -> Int { try await nack(ids) }
    @discardableResult public func nack(_ ids: [JobID]) async throws -> Int { try await jobsCommand(.nack, ids) }
    @discardableResult public func enqueue(_ ids: JobID...) async throws -> Int { try await enqueue(ids) }
    @discardableResult public func enqueue(_ ids: [JobID]) async throws -> Int { try await jobsCommand(.enqueue, ids) }
    @discardableResult public func dequeue(_ ids: JobID...) async throws -> Int { try await dequeue(ids) }
    @discardableResult public func dequeue(_ ids: [JobID]) async throws -> Int { try await jobsCommand(.dequeue, ids) }
    @discardableResult public func delJob(_ ids: JobID...) async throws -> Int { try await delJob(ids) }
    @discardableResult public func delJob(_ ids: [JobID]) async throws -> Int { try await jobsCommand(.delJob, ids) }

    /// WORKING on a node that holds the job: how long the worker now has
    /// before the job is queued again (0 for a RETRY 0 job).
    public func working(_ id: JobID) async throws -> Duration {
        .seconds(try await jobsCommand(.working, [id]))
    }

    /// SHOW from the first node, of those that may hold the job, that knows it.
    public func show(_ id: JobID) async throws -> JobInfo? {
        try await ensureDiscovered()
        var remaining = withRouter { $0.routes(for: .show, jobs: [id], at: .now).first?.candidates ?? [] } ?? []
        while !remaining.isEmpty {
            let (info, node) = try await dispatch("SHOW", isIdempotent: true, role: nil,
                                                  choice: .reachable(among: remaining)) {
                pool, node in
                let reply = try await call(pool, ["SHOW", id.rawValue])
                return (reply.isNull ? nil : try JobInfo(reply: reply, command: "SHOW"), node)
            }
            if let info {
                _ = withRouter { $0.seen(id, heldBy: [node] + info.nodesDelivered) }
                return info
            }
            remaining.removeAll { $0 == node }
        }
        return nil
    }

    // MARK: - Helpers

    private func jobsCommand(_ command: JobCommand, _ ids: [JobID]) async throws -> Int {
        try await ensureDiscovered()
        let name = command.rawValue
        let isIdempotent = ResolvedCommand([name]).isIdempotent
        let routes: [(ids: [JobID], candidates: [String])] = withRouter { router in
            ids.isEmpty ? [([], router.candidates(for: .consumer, at: .now))]
                : router.routes(for: command, jobs: ids, at: .now).map { ($0.ids, $0.candidates) }
        } ?? []
        var total = 0
        for route in routes {
            let arguments = [name] + route.ids.map(\.rawValue)
            total += try await dispatch(name, isIdempotent: isIdempotent, role: nil,
                                        choice: .reachable(among: route.candidates)) { pool, _ in
                try await call(pool, arguments).integer(for: name)
            }
            if command.endsJob { _ = withRouter { router in for id in route.ids { router.ended(id) } } }
        }
        return total
    }

    func noteDelivered(_ ids: [JobID], from node: String, byGetJob: Bool) {
        guard !ids.isEmpty else { return }
        if let move = withRouter({ $0.delivered(ids, from: node, countForLocality: byGetJob, at: .now) }) ?? nil {
            report([move])
        }
    }
}
