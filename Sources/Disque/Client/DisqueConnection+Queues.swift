import RESP

/// Typed queue commands: lengths, peeking, statistics, scans and pausing.
extension DisqueConnection {
    /// QLEN: jobs queued in `queue` on this node.
    public func qlen(_ queue: String) throws(DisqueError) -> Int {
        try call(["QLEN", queue]).integer(for: "QLEN")
    }

    /// QPEEK: up to `count` jobs without taking them; a negative count peeks from the newest end.
    public func qpeek(_ queue: String, count: Int = 1) throws(DisqueError) -> [Job] {
        try Job.list(from: try call(["QPEEK", queue, String(count)]), command: "QPEEK")
    }

    /// QSTAT: the queue's statistics, or nil when the node has no such queue.
    public func qstat(_ queue: String) throws(DisqueError) -> QueueStats? {
        let reply = try call(["QSTAT", queue])
        if reply.isNull { return nil }
        return try QueueStats(reply: reply, command: "QSTAT")
    }

    /// QSCAN: one page of queue names. Start with cursor "0"; continue with
    /// the page's cursor until `isLast`. A name may show up on two pages.
    public func qscan(cursor: String = "0", count: Int? = nil, busyloop: Bool = false, minlen: Int? = nil,
                      maxlen: Int? = nil, importrate: Int? = nil) throws(DisqueError) -> ScanPage<String> {
        let arguments = CommandArguments.qscan(cursor: cursor, count: count, busyloop: busyloop, minlen: minlen,
                                               maxlen: maxlen, importrate: importrate)
        return try ScanPage(reply: try call(arguments), command: "QSCAN").map { item throws(DisqueError) in
            try item.text(for: "QSCAN")
        }
    }

    /// Every queue name, following QSCAN's cursor to the end (each name once).
    public func allQueues(count: Int? = nil, minlen: Int? = nil, maxlen: Int? = nil,
                          importrate: Int? = nil) throws(DisqueError) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        var cursor = "0"
        repeat {
            let page = try qscan(cursor: cursor, count: count, minlen: minlen, maxlen: maxlen, importrate: importrate)
            for name in page.items where seen.insert(name).inserted { names.append(name) }
            cursor = page.cursor
        } while cursor != "0"
        return names
    }

    /// JSCAN: one page of job IDs, optionally of one queue and in some states.
    public func jscan(cursor: String = "0", count: Int? = nil, busyloop: Bool = false, queue: String? = nil,
                      states: [JobState] = []) throws(DisqueError) -> ScanPage<JobID> {
        let arguments = jscanArguments(cursor, count, busyloop, queue, states) + ["REPLY", "id"]
        return try ScanPage(reply: try call(arguments), command: "JSCAN").map { item throws(DisqueError) in
            try JobID(reply: item, command: "JSCAN")
        }
    }

    /// JSCAN … REPLY ALL: one page of full job details.
    public func jscanDetails(cursor: String = "0", count: Int? = nil, busyloop: Bool = false, queue: String? = nil,
                             states: [JobState] = []) throws(DisqueError) -> ScanPage<JobInfo> {
        let arguments = jscanArguments(cursor, count, busyloop, queue, states) + ["REPLY", "all"]
        return try ScanPage(reply: try call(arguments), command: "JSCAN").map { item throws(DisqueError) in
            try JobInfo(reply: item, command: "JSCAN")
        }
    }

    /// Every job ID, following JSCAN's cursor to the end (each ID once).
    public func allJobs(count: Int? = nil, queue: String? = nil, states: [JobState] = []) throws(DisqueError) -> [JobID] {
        var ids: [JobID] = []
        var seen: Set<JobID> = []
        var cursor = "0"
        repeat {
            let page = try jscan(cursor: cursor, count: count, queue: queue, states: states)
            for id in page.items where seen.insert(id).inserted { ids.append(id) }
            cursor = page.cursor
        } while cursor != "0"
        return ids
    }

    /// PAUSE: changes or reads a queue's pause state; returns the state after
    /// the call ("none", "in", "out" or "all").
    @discardableResult
    public func pause(_ queue: String, _ options: PauseOption...) throws(DisqueError) -> String {
        try pause(queue, options)
    }

    @discardableResult
    public func pause(_ queue: String, _ options: [PauseOption]) throws(DisqueError) -> String {
        try call(["PAUSE", queue] + options.map(\.rawValue)).text(for: "PAUSE")
    }

    private func jscanArguments(_ cursor: String, _ count: Int?, _ busyloop: Bool, _ queue: String?,
                                _ states: [JobState]) -> [String] {
        CommandArguments.jscan(cursor: cursor, count: count, busyloop: busyloop, queue: queue, states: states)
    }
}

/// PAUSE's words: which direction to pause, `none` to resume, `state` to
/// only read it, `bcast` to tell the whole cluster.
public enum PauseOption: String, Sendable, Hashable, CaseIterable {
    case `in`, out, all, none, state, bcast
}
