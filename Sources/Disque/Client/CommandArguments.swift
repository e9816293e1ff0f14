/// The argument lists the typed calls send, built in one place for every
/// client — the sync connection and DisqueNIO — so the two can never send
/// different commands for the same call (a test checks them against the table).
public enum CommandArguments {
    /// ADDJOB; durations in seconds round up, so a short positive one never becomes 0.
    public static func addJob(queue: String, body: [UInt8], timeout: Duration, replicate: Int?, delay: Duration?,
                              retry: Duration?, ttl: Duration?, maxlen: Int?, async: Bool) -> [[UInt8]] {
        var arguments: [[UInt8]] = [Array("ADDJOB".utf8), Array(queue.utf8), body,
                                    Array(String(timeout.wholeMilliseconds(roundingUp: true)).utf8)]
        func option(_ name: String, _ value: Int64?) {
            guard let value else { return }
            arguments.append(Array(name.utf8))
            arguments.append(Array(String(value).utf8))
        }
        option("REPLICATE", replicate.map(Int64.init))
        option("DELAY", delay?.wholeSeconds(roundingUp: true))
        option("RETRY", retry?.wholeSeconds(roundingUp: true))
        option("TTL", ttl?.wholeSeconds(roundingUp: true))
        option("MAXLEN", maxlen.map(Int64.init))
        if async { arguments.append(Array("ASYNC".utf8)) }
        return arguments
    }

    /// GETJOB; the timeout's milliseconds round up, so a short one never becomes 0 (no limit).
    public static func getJob(from queues: [String], timeout: Duration?, count: Int?, noHang: Bool,
                              withCounters: Bool) -> [String] {
        var arguments = ["GETJOB"]
        if noHang { arguments.append("NOHANG") }
        if let timeout { arguments += ["TIMEOUT", String(timeout.wholeMilliseconds(roundingUp: true))] }
        if let count { arguments += ["COUNT", String(count)] }
        if withCounters { arguments.append("WITHCOUNTERS") }
        return arguments + ["FROM"] + queues
    }

    /// QSCAN, one page.
    public static func qscan(cursor: String, count: Int?, busyloop: Bool, minlen: Int?, maxlen: Int?,
                             importrate: Int?) -> [String] {
        var arguments = ["QSCAN", cursor]
        if let count { arguments += ["COUNT", String(count)] }
        if busyloop { arguments.append("BUSYLOOP") }
        if let minlen { arguments += ["MINLEN", String(minlen)] }
        if let maxlen { arguments += ["MAXLEN", String(maxlen)] }
        if let importrate { arguments += ["IMPORTRATE", String(importrate)] }
        return arguments
    }

    /// JSCAN, one page, without its REPLY option (the caller picks ids or all).
    public static func jscan(cursor: String, count: Int?, busyloop: Bool, queue: String?, states: [JobState]) -> [String] {
        var arguments = ["JSCAN", cursor]
        if let count { arguments += ["COUNT", String(count)] }
        if busyloop { arguments.append("BUSYLOOP") }
        if let queue { arguments += ["QUEUE", queue] }
        for state in states { arguments += ["STATE", state.name] }
        return arguments
    }
}
