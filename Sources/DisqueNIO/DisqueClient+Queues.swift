import Disque

/// Queue and server commands, on the consumer node, as DisqueCluster sends them.
extension DisqueClient {
    public func qlen(_ queue: String) async throws -> Int {
        try await onConsumer("QLEN") { pool, _ in try await call(pool, ["QLEN", queue]).integer(for: "QLEN") }
    }

    /// QPEEK: up to `count` jobs without taking them; a negative count peeks from the newest end.
    public func qpeek(_ queue: String, count: Int = 1) async throws -> [Job] {
        let (jobs, node) = try await onConsumer("QPEEK") { pool, node in
            (try Job.list(from: try await call(pool, ["QPEEK", queue, String(count)]), command: "QPEEK"), node)
        }
        noteDelivered(jobs.map(\.id), from: node, byGetJob: false)
        return jobs
    }

    /// QSTAT: the queue's statistics, or nil when the node has no such queue.
    public func qstat(_ queue: String) async throws -> QueueStats? {
        try await onConsumer("QSTAT") { pool, _ in
            let reply = try await call(pool, ["QSTAT", queue])
            return reply.isNull ? nil : try QueueStats(reply: reply, command: "QSTAT")
        }
    }

    /// PAUSE: changes or reads a queue's pause state; returns the state after the call.
    @discardableResult
    public func pause(_ queue: String, _ options: PauseOption...) async throws -> String {
        try await pause(queue, options)
    }

    @discardableResult
    public func pause(_ queue: String, _ options: [PauseOption]) async throws -> String {
        try await onConsumer("PAUSE") { pool, _ in
            try await call(pool, ["PAUSE", queue] + options.map(\.rawValue)).text(for: "PAUSE")
        }
    }

    // MARK: - Scans

    /// QSCAN: one page of queue names, from the consumer node. Start with
    /// cursor "0" and go on with the page's cursor until `isLast`; a name may
    /// show up on two pages. `allQueues` keeps every page on one node.
    public func qscan(cursor: String = "0", count: Int? = nil, busyloop: Bool = false, minlen: Int? = nil,
                      maxlen: Int? = nil, importrate: Int? = nil) async throws -> ScanPage<String> {
        try await scan(qscanArguments(cursor, count, busyloop, minlen, maxlen, importrate), node: nil)
            .page { try $0.text(for: "QSCAN") }
    }

    /// JSCAN: one page of job IDs, optionally of one queue and in some states.
    public func jscan(cursor: String = "0", count: Int? = nil, busyloop: Bool = false, queue: String? = nil,
                      states: [JobState] = []) async throws -> ScanPage<JobID> {
        try await scan(jscanArguments(cursor, count, busyloop, queue, states) + ["REPLY", "id"], node: nil)
            .page { try JobID(reply: $0, command: "JSCAN") }
    }

    /// JSCAN … REPLY ALL: one page of full job details.
    public func jscanDetails(cursor: String = "0", count: Int? = nil, busyloop: Bool = false, queue: String? = nil,
                             states: [JobState] = []) async throws -> ScanPage<JobInfo> {
        try await scan(jscanArguments(cursor, count, busyloop, queue, states) + ["REPLY", "all"], node: nil)
            .page { try JobInfo(reply: $0, command: "JSCAN") }
    }

    /// Every queue name, following QSCAN's cursor to the end on the node
    /// that served the first page; each name once.
    public func allQueues(count: Int? = nil, minlen: Int? = nil, maxlen: Int? = nil,
                          importrate: Int? = nil) -> ScanSequence<String> {
        ScanSequence { cursor, node in
            let reply = try await self.scan(
                self.qscanArguments(cursor, count, false, minlen, maxlen, importrate), node: node)
            return (try reply.page { try $0.text(for: "QSCAN") }, reply.node)
        }
    }

    /// Every job ID, following JSCAN's cursor to the end; each ID once.
    public func allJobs(count: Int? = nil, queue: String? = nil, states: [JobState] = []) -> ScanSequence<JobID> {
        ScanSequence { cursor, node in
            let reply = try await self.scan(
                self.jscanArguments(cursor, count, false, queue, states) + ["REPLY", "id"], node: node)
            return (try reply.page { try JobID(reply: $0, command: "JSCAN") }, reply.node)
        }
    }

    // MARK: - Server

    /// HELLO from the consumer node; the client adopts the table it gives.
    public func hello() async throws -> Hello {
        let (hello, endpoint) = try await onConsumer("HELLO") { pool, _ in
            (try Hello(reply: try await call(pool, ["HELLO"]), command: "HELLO"), pool.endpoint)
        }
        report(adopt(hello, askedAt: endpoint))
        return hello
    }

    /// INFO: the server's report, all sections or one.
    public func info(_ section: String? = nil) async throws -> String {
        try await onConsumer("INFO") { pool, _ in
            try await call(pool, section.map { ["INFO", $0] } ?? ["INFO"]).text(for: "INFO")
        }
    }

    /// PING: "PONG", or `message` echoed back.
    @discardableResult
    public func ping(_ message: String? = nil) async throws -> String {
        try await onConsumer("PING") { pool, _ in
            try await call(pool, message.map { ["PING", $0] } ?? ["PING"]).text(for: "PING")
        }
    }

    // MARK: - Helpers

    func onConsumer<T: Sendable>(_ name: String, _ body: (NodePool, String) async throws -> T) async throws -> T {
        try await dispatch(name, isIdempotent: true, role: .consumer, choice: .role(.consumer), body)
    }

    /// One scan page and the node that served it: pinned to `node` when given.
    private func scan(_ arguments: [String], node: String?) async throws -> ScanReply {
        let name = arguments[0]
        let body: @Sendable (NodePool, String) async throws -> ScanReply = { pool, served in
            ScanReply(page: try ScanPage(reply: try await self.call(pool, arguments), command: name), node: served)
        }
        guard let node else { return try await onConsumer(name, body) }
        return try await dispatch(name, isIdempotent: true, role: nil, choice: .pinned(node), body)
    }

    private func qscanArguments(_ cursor: String, _ count: Int?, _ busyloop: Bool, _ minlen: Int?, _ maxlen: Int?,
                                _ importrate: Int?) -> [String] {
        CommandArguments.qscan(cursor: cursor, count: count, busyloop: busyloop, minlen: minlen, maxlen: maxlen,
                               importrate: importrate)
    }

    private func jscanArguments(_ cursor: String, _ count: Int?, _ busyloop: Bool, _ queue: String?,
                                _ states: [JobState]) -> [String] {
        CommandArguments.jscan(cursor: cursor, count: count, busyloop: busyloop, queue: queue, states: states)
    }
}

/// A scan reply before its items are typed.
struct ScanReply: Sendable {
    var page: ScanPage<RESPValue>
    var node: String

    var cursor: String { page.cursor }

    func page<Item>(_ convert: (RESPValue) throws -> Item) throws -> ScanPage<Item> {
        ScanPage(cursor: page.cursor, items: try page.items.map(convert))
    }
}
