import RESP

/// Typed job commands. Server error replies are thrown as `.reply(code:message:)`.
extension DisqueConnection {
    /// ADDJOB: adds a job and returns its ID.
    /// - Parameters:
    ///   - timeout: how long the server may wait for replication (millisecond
    ///     precision; 5 s unless set). `.zero` makes the server wait without
    ///     limit — with a replica down, forever — so only a caller who asks gets it.
    ///   - replicate: how many nodes must hold a copy.
    ///   - delay: wait this long (whole seconds) before queueing the job.
    ///   - retry: queue again after this long (whole seconds) without an ACK; `.zero` for at-most-once.
    ///   - ttl: lifetime (whole seconds).
    ///   - maxlen: refuse the job when the queue already holds this many.
    ///   - async: return at once and replicate in the background.
    /// Fractions of a second round up, so a short positive duration never becomes 0.
    public func addJob(queue: String, body: [UInt8], timeout: Duration = .seconds(5), replicate: Int? = nil,
                       delay: Duration? = nil, retry: Duration? = nil, ttl: Duration? = nil,
                       maxlen: Int? = nil, async: Bool = false) throws(DisqueError) -> JobID {
        let arguments = CommandArguments.addJob(queue: queue, body: body, timeout: timeout, replicate: replicate,
                                                delay: delay, retry: retry, ttl: ttl, maxlen: maxlen, async: async)
        // The server holds the reply back while it replicates, up to `timeout`:
        // the table's wait rule (`ResolvedCommand.wait`) adds it to the read timeout.
        let reply = try call(bytes: arguments)
        return try JobID(reply: reply, command: "ADDJOB")
    }

    /// ADDJOB with a text body (sent as UTF-8).
    public func addJob(queue: String, body: String, timeout: Duration = .seconds(5), replicate: Int? = nil,
                       delay: Duration? = nil, retry: Duration? = nil, ttl: Duration? = nil,
                       maxlen: Int? = nil, async: Bool = false) throws(DisqueError) -> JobID {
        try addJob(queue: queue, body: Array(body.utf8), timeout: timeout, replicate: replicate, delay: delay,
                   retry: retry, ttl: ttl, maxlen: maxlen, async: async)
    }

    /// GETJOB: takes up to `count` jobs from the first of `queues` that has any.
    /// Blocks until a job arrives, for at most `timeout` (nil or `.zero`: no
    /// limit), unless `noHang`. Returns [] when nothing came.
    public func getJob(from queues: [String], timeout: Duration? = nil, count: Int? = nil,
                       noHang: Bool = false, withCounters: Bool = false) throws(DisqueError) -> [Job] {
        let arguments = CommandArguments.getJob(from: queues, timeout: timeout, count: count, noHang: noHang,
                                                withCounters: withCounters)
        // Waits as the table's rule says: NOHANG not at all, TIMEOUT that long, else without limit.
        return try Job.list(from: try call(arguments), command: "GETJOB")
    }

    /// GETJOB from one queue.
    public func getJob(from queue: String, timeout: Duration? = nil, count: Int? = nil,
                       noHang: Bool = false, withCounters: Bool = false) throws(DisqueError) -> [Job] {
        try getJob(from: [queue], timeout: timeout, count: count, noHang: noHang, withCounters: withCounters)
    }

    /// ACKJOB: acknowledges jobs; returns how many were known.
    @discardableResult
    public func ackJob(_ ids: JobID...) throws(DisqueError) -> Int { try ackJob(ids) }

    @discardableResult
    public func ackJob(_ ids: [JobID]) throws(DisqueError) -> Int { try jobsCommand("ACKJOB", ids) }

    /// FASTACK: acknowledges jobs without waiting for the cluster; returns how many were known.
    @discardableResult
    public func fastAck(_ ids: JobID...) throws(DisqueError) -> Int { try fastAck(ids) }

    @discardableResult
    public func fastAck(_ ids: [JobID]) throws(DisqueError) -> Int { try jobsCommand("FASTACK", ids) }

    /// NACK: puts jobs back in their queues at once, counting a failed attempt.
    @discardableResult
    public func nack(_ ids: JobID...) throws(DisqueError) -> Int { try nack(ids) }

    @discardableResult
    public func nack(_ ids: [JobID]) throws(DisqueError) -> Int { try jobsCommand("NACK", ids) }

    /// ENQUEUE: queues jobs again; returns how many were not already queued.
    @discardableResult
    public func enqueue(_ ids: JobID...) throws(DisqueError) -> Int { try enqueue(ids) }

    @discardableResult
    public func enqueue(_ ids: [JobID]) throws(DisqueError) -> Int { try jobsCommand("ENQUEUE", ids) }

    /// DEQUEUE: takes jobs out of their queues without delivering them.
    @discardableResult
    public func dequeue(_ ids: JobID...) throws(DisqueError) -> Int { try dequeue(ids) }

    @discardableResult
    public func dequeue(_ ids: [JobID]) throws(DisqueError) -> Int { try jobsCommand("DEQUEUE", ids) }

    /// DELJOB: deletes jobs from this node; returns how many existed.
    @discardableResult
    public func delJob(_ ids: JobID...) throws(DisqueError) -> Int { try delJob(ids) }

    @discardableResult
    public func delJob(_ ids: [JobID]) throws(DisqueError) -> Int { try jobsCommand("DELJOB", ids) }

    /// WORKING: postpones the job's next requeue; returns how long the worker has (0 for RETRY 0 jobs).
    public func working(_ id: JobID) throws(DisqueError) -> Duration {
        .seconds(try call(["WORKING", id.rawValue]).integer(for: "WORKING"))
    }

    /// SHOW: everything about a job, or nil when this node does not know it.
    public func show(_ id: JobID) throws(DisqueError) -> JobInfo? {
        let reply = try call(["SHOW", id.rawValue])
        if reply.isNull { return nil }
        return try JobInfo(reply: reply, command: "SHOW")
    }

    private func jobsCommand(_ name: String, _ ids: [JobID]) throws(DisqueError) -> Int {
        try call([name] + ids.map(\.rawValue)).integer(for: name)
    }
}
