import Disque
#if canImport(Glibc)
import Glibc
#endif

extension Worker {
    /// Every 50 ms: stop signals, time limits, the shutdown grace, and WORKING
    /// for jobs held past half their RETRY (learnt with SHOW after 0.4 s, so a
    /// quick job costs no extra round trip; RETRY is at least a second).
    func supervise(signals: WorkerSignals) {
        while lock.locked({ slotsRunning >= 0 }) {
            if signals.wait(seconds: 0.05) {
                let running = lock.locked { held.values.filter { $0.process != nil }.count }
                if !lock.locked({ stopping }) {
                    writeError("disque-cli: stopping: no more GETJOB; \(running) running job(s) get \(settings.grace) s"
                               + " (signal again to kill them now)")
                }
                stop()
            }
            let now = MonotonicClock.seconds()
            var toRenew: [(JobID, Double?)] = []
            lock.locked {
                for (id, entry) in held {
                    if let process = entry.process, entry.killedFor == nil {
                        if stopping, now >= graceEnds {
                            held[id]?.killedFor = .shutdown
                            process.kill()
                            continue
                        }
                        if let limit = settings.timeLimit, let started = entry.startedAt, now - started >= limit {
                            held[id]?.killedFor = .timeLimit
                            process.kill()
                            continue
                        }
                    }
                    guard entry.killedFor == nil, now - entry.deliveredAt >= 0.4 else { continue }
                    if let retry = entry.retry {
                        if retry > 0, now - entry.lastRenewal >= retry / 2 { toRenew.append((id, retry)) }
                    } else {
                        toRenew.append((id, nil))
                    }
                }
            }
            for (id, retry) in toRenew { renew(id, knownRetry: retry, now: now) }
        }
    }

    /// SHOW once to learn RETRY; WORKING whenever half of it has passed.
    private func renew(_ id: JobID, knownRetry: Double?, now: Double) {
        var retry = knownRetry
        if retry == nil {
            let info = try? controlLock.locked { () throws(DisqueError) in try control?.show(id) }
            retry = info.flatMap { $0 }.map { Double($0.retry.components.seconds) } ?? 0
            let elapsed = now - (lock.locked { held[id]?.deliveredAt } ?? now)
            lock.locked { held[id]?.retry = retry }
            guard let retry, retry > 0, elapsed >= retry / 2 else { return }
        }
        _ = try? controlLock.locked { () throws(DisqueError) in try control?.working(id) }
        lock.locked { held[id]?.lastRenewal = now }
    }
}

/// SIGINT and SIGTERM as bytes in a pipe the supervisor polls: the handler
/// only writes (async-signal-safe); the work happens on the supervisor thread.
final class WorkerSignals: @unchecked Sendable {
    nonisolated(unsafe) static var writeEnd: Int32 = -1
    let readEnd: Int32
    private var previous: [Int32: sigaction] = [:]

    private init(readEnd: Int32) { self.readEnd = readEnd }

    static func install() -> WorkerSignals? {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        writeEnd = ends[1]
        let signals = WorkerSignals(readEnd: ends[0])
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(WorkerSignals.writeEnd, &byte, 1)
        }
        action.sa_flags = Int32(SA_RESTART)
        sigemptyset(&action.sa_mask)
        for number in [SIGINT, SIGTERM] {
            var old = sigaction()
            sigaction(number, &action, &old)
            signals.previous[number] = old
        }
        InterruptExit.unblock([SIGINT, SIGTERM])
        // A job that exits before reading its body must not kill the worker.
        _ = signal(SIGPIPE, SIG_IGN)
        return signals
    }

    /// True when a signal arrived within `seconds`.
    func wait(seconds: Double) -> Bool {
        var entry = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, Int32(seconds * 1000)) > 0 else { return false }
        var bytes = [UInt8](repeating: 0, count: 16)
        return read(readEnd, &bytes, bytes.count) > 0
    }

    func remove() {
        for (number, old) in previous {
            var action = old
            sigaction(number, &action, nil)
        }
        close(readEnd)
        close(Self.writeEnd)
        Self.writeEnd = -1
    }
}

/// The typed job calls the worker needs, on one node or through the cluster client.
extension CommandLink {
    func getJob(from queues: [String], timeout: Duration, count: Int) throws(DisqueError) -> [Job] {
        switch self {
        case .node(let c): return try c.getJob(from: queues, timeout: timeout, count: count, withCounters: true)
        case .cluster(let c): return try c.getJob(from: queues, timeout: timeout, count: count, withCounters: true)
        }
    }

    func ackJob(_ ids: [JobID]) throws(DisqueError) -> Int {
        switch self {
        case .node(let c): return try c.ackJob(ids)
        case .cluster(let c): return try c.ackJob(ids)
        }
    }

    func nack(_ ids: [JobID]) throws(DisqueError) -> Int {
        switch self {
        case .node(let c): return try c.nack(ids)
        case .cluster(let c): return try c.nack(ids)
        }
    }

    func working(_ id: JobID) throws(DisqueError) -> Duration {
        switch self {
        case .node(let c): return try c.working(id)
        case .cluster(let c): return try c.working(id)
        }
    }

    func show(_ id: JobID) throws(DisqueError) -> JobInfo? {
        switch self {
        case .node(let c): return try c.show(id)
        case .cluster(let c): return try c.show(id)
        }
    }
}
