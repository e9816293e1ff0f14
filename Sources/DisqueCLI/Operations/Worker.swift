import Disque
#if canImport(Glibc)
import Glibc
#endif

/// `--work QUEUE… CMD ARG…`: a worker. The main thread fetches with blocking
/// GETJOB (COUNT = free slots, WITHCOUNTERS, a short TIMEOUT so a stop is
/// noticed); `-c` slot threads run the command per job; a supervisor thread
/// sends WORKING, enforces the time limit and the shutdown grace.
///
/// The guarantees: a job is acked only after its command exited as the policy
/// says; a job this worker received is run or NACKed, never dropped — jobs a
/// GETJOB brings back after a stop signal are NACKed at once.
final class Worker: @unchecked Sendable {
    struct Settings {
        enum FailurePolicy: String { case nack, keep, ack }
        var queues: [String]
        var command: [String]
        var concurrency: Int
        var onFailure: FailurePolicy
        var timeLimit: Double?
        var grace: Double
    }

    /// A job this worker holds: fetched, maybe running.
    struct Held {
        var job: Job
        var deliveredAt: Double
        /// RETRY, learnt with SHOW once the job has been held a while; 0: never re-delivered.
        var retry: Double?
        var lastRenewal: Double
        var process: JobProcess?
        var startedAt: Double?
        var killedFor: KillReason?
    }

    enum KillReason { case timeLimit, shutdown }

    struct Tally { var done = 0, failed = 0, nacked = 0, redelivered = 0 }

    let settings: Settings
    let connection: DisqueConnectionOptions
    let cluster: DisqueClusterOptions?
    let lock = ConditionLock()
    /// Guards the control link (ACKJOB, NACK, WORKING, SHOW), shared by the threads.
    let controlLock = ConditionLock()
    var control: CommandLink?
    // Guarded by `lock`:
    var waiting: [JobID] = []
    var held: [JobID: Held] = [:]
    var stopping = false
    var graceEnds = Double.infinity
    var slotsRunning = 0
    var tally = Tally()
    var cannotSpawn = false
    let environment: [String]

    init(settings: Settings, connection: DisqueConnectionOptions, cluster: DisqueClusterOptions?) {
        self.settings = settings
        self.connection = connection
        self.cluster = cluster
        environment = Self.inheritedEnvironment()
    }

    func run() -> ExitStatus {
        let fetcher: CommandLink
        do {
            fetcher = try CommandLink.open(connection, cluster: cluster, echo: nil, onMove: { writeError($0.cliLine) })
            control = try CommandLink.open(connection, cluster: cluster, echo: nil, onMove: { _ in })
        } catch {
            return ExitStatus.reporting(error)
        }
        defer { fetcher.close(); control?.close() }
        guard let signals = WorkerSignals.install() else {
            writeError("disque-cli: cannot install the signal handlers")
            return .connection
        }
        defer { signals.remove() }
        let started = MonotonicClock.seconds()
        let slots = (0..<settings.concurrency).map { _ in WorkerThread { [self] in runSlot() } }
        let supervisor = WorkerThread { [self] in supervise(signals: signals) }
        fetch(with: fetcher)
        // Stopped: whatever was fetched but not started goes back now.
        let unstarted: [JobID] = lock.locked {
            let ids = waiting
            waiting.removeAll()
            for id in ids { held[id] = nil }
            lock.broadcast()
            return ids
        }
        if !unstarted.isEmpty { settle(unstarted, ack: false) }
        for slot in slots { slot.join() }
        lock.locked { slotsRunning = -1; lock.broadcast() }
        supervisor.join()
        let summary = lock.locked { tally }
        let seconds = MonotonicClock.seconds() - started
        let rate = seconds > 0 ? Int(Double(summary.done + summary.failed) / seconds) : 0
        writeError("worker: \(summary.done) done, \(summary.failed) failed, \(summary.nacked) nacked, "
                   + "\(summary.redelivered) re-delivered in \(LatencyProbe.Tally.twoDecimals(seconds)) s (\(rate) jobs/s)")
        return lock.locked { cannotSpawn } ? .usage : .success
    }

    /// GETJOB while not stopping, for as many jobs as there are free slots
    /// (times two, so a slot never waits for a round trip).
    private func fetch(with fetcher: CommandLink) {
        var failures = 0
        while true {
            let free: Int = lock.locked {
                while !stopping, held.count >= 2 * settings.concurrency { lock.wait(seconds: 0.1) }
                return stopping ? 0 : 2 * settings.concurrency - held.count
            }
            if free == 0 { return }
            let jobs: [Job]
            do {
                jobs = try fetcher.getJob(from: settings.queues, timeout: .milliseconds(200), count: free)
                failures = 0
            } catch {
                failures += 1
                writeError("disque-cli: GETJOB: \(error)")
                if case .notSentMayHaveReachedServer = error {} else if failures > 50 { return stop() }
                let backoff = min(2.0, 0.05 * Double(failures))
                lock.locked { if !stopping { lock.wait(seconds: backoff) } }
                continue
            }
            if jobs.isEmpty { continue }
            let now = MonotonicClock.seconds()
            let late: [JobID] = lock.locked {
                var late: [JobID] = []
                for job in jobs {
                    if (job.nacks ?? 0) + (job.additionalDeliveries ?? 0) > 0 { tally.redelivered += 1 }
                    if stopping {
                        late.append(job.id)
                    } else {
                        held[job.id] = Held(job: job, deliveredAt: now, lastRenewal: now)
                        waiting.append(job.id)
                    }
                }
                lock.broadcast()
                return late
            }
            if !late.isEmpty { settle(late, ack: false) }
        }
    }

    /// Stops fetching; running jobs get the grace period.
    func stop() {
        lock.locked {
            if !stopping {
                stopping = true
                graceEnds = MonotonicClock.seconds() + settings.grace
            } else {
                graceEnds = 0  // a second signal: kill now
            }
            lock.broadcast()
        }
    }

    /// One slot: takes the next job, runs the command, acks or NACKs.
    private func runSlot() {
        while true {
            let next: Held? = lock.locked {
                while waiting.isEmpty, !stopping { lock.wait(seconds: 0.5) }
                guard !waiting.isEmpty, !stopping else { return nil }
                return held[waiting.removeFirst()]
            }
            guard let entry = next else { return }
            run(entry.job)
        }
    }

    private func run(_ job: Job) {
        let process: JobProcess, input: Int32
        do {
            (process, input) = try JobProcess.spawn(settings.command, environment: environment + Self.variables(job))
        } catch {
            // A command that cannot start fails every job the same way: NACK
            // this one and stop, rather than spin through the queue.
            writeError("disque-cli: cannot run \(error.message); stopping")
            lock.locked { held[job.id] = nil; cannotSpawn = true }
            stop()
            settle([job.id], ack: false)
            return
        }
        lock.locked {
            held[job.id]?.process = process
            held[job.id]?.startedAt = MonotonicClock.seconds()
        }
        JobProcess.feed(job.body, to: input)
        process.waitForExit()
        // Forget the process before reaping it: the supervisor kills only pids still held.
        let killedFor: KillReason? = lock.locked {
            let reason = held[job.id]?.killedFor
            held[job.id]?.process = nil
            return reason
        }
        finish(job, status: process.reap(), killedFor: killedFor)
    }

    /// Applies the policy to a finished command.
    private func finish(_ job: Job, status: Int32, killedFor: KillReason?) {
        let ack: Bool?
        if killedFor != nil {
            ack = false
        } else if status == 0 {
            ack = true
        } else {
            switch settings.onFailure {
            case .nack: ack = false
            case .keep: ack = nil
            case .ack: ack = true
            }
        }
        if status != 0 || killedFor != nil {
            let why = killedFor == .timeLimit ? "exceeded the time limit" : killedFor == .shutdown
                ? "was killed at shutdown" : status > 128 ? "was killed by signal \(status - 128)" : "exited \(status)"
            let outcome = ack == nil ? "left to RETRY" : ack! ? "acked (--on-failure ack)" : "NACKed"
            writeError("disque-cli: job \(job.id) (\(job.queue)) \(why); \(outcome)")
        }
        lock.locked {
            held[job.id] = nil
            if status == 0 && killedFor == nil { tally.done += 1 } else if killedFor != .shutdown { tally.failed += 1 }
            lock.broadcast()
        }
        if let ack { settle([job.id], ack: ack) }
    }

    /// ACKJOB or NACK on the control link; a failure is reported, never retried
    /// blindly (the server may have applied it).
    func settle(_ ids: [JobID], ack: Bool) {
        do {
            try controlLock.locked { () throws(DisqueError) in
                guard let control else { return }
                _ = ack ? try control.ackJob(ids) : try control.nack(ids)
            }
            if !ack { lock.locked { tally.nacked += ids.count } }
        } catch {
            writeError("disque-cli: \(ack ? "ACKJOB" : "NACK") \(ids.map(\.rawValue).joined(separator: " ")): \(error)")
        }
    }

    /// The job's counters for its command.
    static func variables(_ job: Job) -> [String] {
        ["DISQUE_JOB_ID=\(job.id.rawValue)", "DISQUE_JOB_QUEUE=\(job.queue)",
         "DISQUE_JOB_NACKS=\(job.nacks ?? 0)", "DISQUE_JOB_ADDITIONAL_DELIVERIES=\(job.additionalDeliveries ?? 0)"]
    }

    static func inheritedEnvironment() -> [String] {
        var result: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if !text.hasPrefix("DISQUE_JOB_") { result.append(text) }
            cursor += 1
        }
        return result
    }
}

extension CLIOptions {
    func workerSettings() -> Worker.Settings {
        var words = command
        if words.first == "--" { words.removeFirst() }
        return Worker.Settings(queues: operation.queues, command: words, concurrency: operation.concurrency,
                               onFailure: Worker.Settings.FailurePolicy(rawValue: operation.onFailure) ?? .nack,
                               timeLimit: operation.timeLimit, grace: operation.grace)
    }
}
