import RESP

/// The typed API, as DisqueConnection's, routed across the cluster.
extension DisqueCluster {
    // MARK: - Jobs

    /// ADDJOB on the producer node. `timeout` is how long the server may wait
    /// for replication; it defaults to 5 s because `.zero` tells the server to
    /// wait without limit (it blocks for good while a replica is down) — the
    /// client then still gives up after `readTimeout`, reporting
    /// `.notSentMayHaveReachedServer`. Refused with "NOREPL Not enough
    /// reachable nodes…" (the job was never created), it is tried on one more
    /// node; any other failure after sending is reported, never repeated.
    public func addJob(queue: String, body: [UInt8], timeout: Duration = .seconds(5), replicate: Int? = nil,
                       delay: Duration? = nil, retry: Duration? = nil, ttl: Duration? = nil,
                       maxlen: Int? = nil, async: Bool = false) throws(DisqueError) -> JobID {
        try dispatch("ADDJOB", isIdempotent: false, role: .producer, choice: .role(.producer)) {
            connection, _ throws(DisqueError) in
            try connection.addJob(queue: queue, body: body, timeout: timeout, replicate: replicate, delay: delay,
                                  retry: retry, ttl: ttl, maxlen: maxlen, async: async)
        }
    }

    public func addJob(queue: String, body: String, timeout: Duration = .seconds(5), replicate: Int? = nil,
                       delay: Duration? = nil, retry: Duration? = nil, ttl: Duration? = nil,
                       maxlen: Int? = nil, async: Bool = false) throws(DisqueError) -> JobID {
        try addJob(queue: queue, body: Array(body.utf8), timeout: timeout, replicate: replicate, delay: delay,
                   retry: retry, ttl: ttl, maxlen: maxlen, async: async)
    }

    /// GETJOB on the consumer node. Without a `timeout` it waits as long as it
    /// takes (you asked for that). Refused with -LEAVING it took no job and is
    /// re-issued on another node; a link lost while waiting is reported (a job
    /// may have been handed out; Disque queues it again after its RETRY time).
    /// The jobs' creators feed the locality rule, which may move GETJOB.
    public func getJob(from queues: [String], timeout: Duration? = nil, count: Int? = nil,
                       noHang: Bool = false, withCounters: Bool = false) throws(DisqueError) -> [Job] {
        let (jobs, node) = try dispatch("GETJOB", isIdempotent: false, role: .consumer, choice: .role(.consumer)) {
            connection, node throws(DisqueError) in
            (try connection.getJob(from: queues, timeout: timeout, count: count, noHang: noHang,
                                   withCounters: withCounters), node)
        }
        noteDelivered(jobs.map(\.id), from: node, byGetJob: true)
        return jobs
    }

    public func getJob(from queue: String, timeout: Duration? = nil, count: Int? = nil,
                       noHang: Bool = false, withCounters: Bool = false) throws(DisqueError) -> [Job] {
        try getJob(from: [queue], timeout: timeout, count: count, noHang: noHang, withCounters: withCounters)
    }

    @discardableResult public func ackJob(_ ids: JobID...) throws(DisqueError) -> Int { try ackJob(ids) }
    /// ACKJOB, one command per node (see `JobCommand` for where each ID goes); the counts add up.
    @discardableResult public func ackJob(_ ids: [JobID]) throws(DisqueError) -> Int { try jobsCommand(.ackJob, ids) }
    @discardableResult public func fastAck(_ ids: JobID...) throws(DisqueError) -> Int { try fastAck(ids) }
    @discardableResult public func fastAck(_ ids: [JobID]) throws(DisqueError) -> Int { try jobsCommand(.fastAck, ids) }
    @discardableResult public func nack(_ ids: JobID...) throws(DisqueError) -> Int { try nack(ids) }
    @discardableResult public func nack(_ ids: [JobID]) throws(DisqueError) -> Int { try jobsCommand(.nack, ids) }
    @discardableResult public func enqueue(_ ids: JobID...) throws(DisqueError) -> Int { try enqueue(ids) }
    @discardableResult public func enqueue(_ ids: [JobID]) throws(DisqueError) -> Int { try jobsCommand(.enqueue, ids) }
    @discardableResult public func dequeue(_ ids: JobID...) throws(DisqueError) -> Int { try dequeue(ids) }
    @discardableResult public func dequeue(_ ids: [JobID]) throws(DisqueError) -> Int { try jobsCommand(.dequeue, ids) }
    @discardableResult public func delJob(_ ids: JobID...) throws(DisqueError) -> Int { try delJob(ids) }
    @discardableResult public func delJob(_ ids: [JobID]) throws(DisqueError) -> Int { try jobsCommand(.delJob, ids) }

    /// WORKING on a node that holds the job (a non-holder answers -NOJOB).
    public func working(_ id: JobID) throws(DisqueError) -> Duration {
        .seconds(try jobsCommand(.working, [id]))
    }

    /// SHOW from the first node, of those that may hold the job, that knows it.
    public func show(_ id: JobID) throws(DisqueError) -> JobInfo? {
        var remaining = router.routes(for: .show, jobs: [id], at: .now).first?.candidates ?? []
        while !remaining.isEmpty {
            let (info, node) = try dispatch("SHOW", isIdempotent: true, role: nil,
                                            choice: .reachable(among: remaining)) {
                connection, node throws(DisqueError) in
                (try connection.show(id), node)
            }
            if let info {
                router.seen(id, heldBy: [node] + info.nodesDelivered)
                return info
            }
            remaining.removeAll { $0 == node }
        }
        return nil
    }

    // MARK: - Queues and server (on the consumer node)

    public func qlen(_ queue: String) throws(DisqueError) -> Int {
        try onConsumer("QLEN") { connection, _ throws(DisqueError) in try connection.qlen(queue) }
    }

    public func qpeek(_ queue: String, count: Int = 1) throws(DisqueError) -> [Job] {
        let (jobs, node) = try onConsumer("QPEEK") { connection, node throws(DisqueError) in
            (try connection.qpeek(queue, count: count), node)
        }
        noteDelivered(jobs.map(\.id), from: node, byGetJob: false)
        return jobs
    }

    public func qstat(_ queue: String) throws(DisqueError) -> QueueStats? {
        try onConsumer("QSTAT") { connection, _ throws(DisqueError) in try connection.qstat(queue) }
    }

    /// HELLO from the consumer node; the client adopts the table it gives.
    public func hello() throws(DisqueError) -> Hello {
        let (hello, endpoint) = try onConsumer("HELLO") { connection, _ throws(DisqueError) in
            (try connection.hello(), connection.options.endpoint)
        }
        adopt(hello, askedAt: endpoint)
        return hello
    }

    public func info(_ section: String? = nil) throws(DisqueError) -> String {
        try onConsumer("INFO") { connection, _ throws(DisqueError) in try connection.info(section) }
    }

    @discardableResult
    public func ping(_ message: String? = nil) throws(DisqueError) -> String {
        try onConsumer("PING") { connection, _ throws(DisqueError) in try connection.ping(message) }
    }

    // MARK: - Raw commands

    /// Sends one command as is and returns its reply; an error reply comes back
    /// as an `.error` value. Routed like the typed calls: ADDJOB to the
    /// producer node, job-ID commands by ID (the counts of several nodes add
    /// up), everything else to the consumer node.
    public func send(_ arguments: [String]) throws(DisqueError) -> RESPValue {
        try send(bytes: arguments.map { Array($0.utf8) })
    }

    public func send(bytes arguments: [[UInt8]]) throws(DisqueError) -> RESPValue {
        try send(ResolvedCommand(arguments))
    }

    /// `send(bytes:)` for a command the caller resolved (and perhaps validated) already.
    public func send(_ resolved: ResolvedCommand) throws(DisqueError) -> RESPValue {
        let arguments = resolved.arguments
        let name = resolved.name
        if let command = JobCommand(name: name), arguments.count > 1 {
            let ids = arguments.dropFirst().map { JobID(unchecked: String(decoding: $0, as: UTF8.self)) }
            var replies: [RESPValue] = []
            for route in router.routes(for: command, jobs: ids, at: .now) {
                let part = resolved.replacingArguments([arguments[0]] + route.ids.map { Array($0.rawValue.utf8) })
                let (reply, _) = try sendRaw(part, role: nil, choice: .reachable(among: route.candidates))
                replies.append(reply)
                guard case .integer = reply else { return reply }  // an error reply, or SHOW's details
            }
            if command.endsJob { for id in ids { router.ended(id) } }
            return replies.count == 1 ? replies[0] : .integer(replies.reduce(0) { $0 + ($1.int ?? 0) })
        }
        let role: NodeRole = name == "ADDJOB" ? .producer : .consumer
        let (reply, node) = try sendRaw(resolved, role: role, choice: .role(role))
        if name == "GETJOB" || name == "QPEEK", let jobs = try? Job.list(from: reply, command: name) {
            noteDelivered(jobs.map(\.id), from: node, byGetJob: name == "GETJOB")
        }
        return reply
    }

    // MARK: - Helpers

    private func sendRaw(_ command: ResolvedCommand, role: NodeRole?,
                         choice: NodeChoice) throws(DisqueError) -> (RESPValue, String) {
        let name = command.name, isIdempotent = command.isIdempotent
        do {
            return try dispatch(name, isIdempotent: isIdempotent, role: role, choice: choice) {
                connection, node throws(DisqueError) in
                let reply = try connection.send(command)
                // Error replies the policy acts on (LEAVING, NOREPL…) go through it as errors.
                if case .error(let line) = reply {
                    let error = DisqueError.reply(errorLine: line)
                    if RetryPolicy.verdict(for: error, command: name, isIdempotent: isIdempotent) != .report { throw error }
                }
                return (reply, node)
            }
        } catch {
            guard case .reply(let code, let message) = error else { throw error }
            return (.error(message.isEmpty ? code : "\(code) \(message)"), "")
        }
    }

    private func jobsCommand(_ command: JobCommand, _ ids: [JobID]) throws(DisqueError) -> Int {
        let name = command.rawValue
        let isIdempotent = ResolvedCommand([name]).isIdempotent
        var total = 0
        let routes = ids.isEmpty
            ? [JobRoute(ids: [], candidates: router.candidates(for: .consumer, at: .now))]
            : router.routes(for: command, jobs: ids, at: .now)
        for route in routes {
            total += try dispatch(name, isIdempotent: isIdempotent, role: nil,
                                  choice: .reachable(among: route.candidates)) { connection, _ throws(DisqueError) in
                try connection.call([name] + route.ids.map(\.rawValue)).integer(for: name)
            }
            if command.endsJob { for id in route.ids { router.ended(id) } }
        }
        return total
    }

    private func onConsumer<T>(_ name: String,
                               _ body: (DisqueConnection, String) throws(DisqueError) -> T) throws(DisqueError) -> T {
        try dispatch(name, isIdempotent: true, role: .consumer, choice: .role(.consumer), body)
    }

    private func noteDelivered(_ ids: [JobID], from node: String, byGetJob: Bool) {
        guard !ids.isEmpty else { return }
        if let move = router.delivered(ids, from: node, countForLocality: byGetJob, at: .now) { report([move]) }
    }
}
