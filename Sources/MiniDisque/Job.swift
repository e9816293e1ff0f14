/// A job's life on one node, as in Disque's job.h. `waitRepl` is kept for
/// JSCAN STATE parsing even though a lone node never waits for replicas.
enum JobState: Int {
    case waitRepl = 0, active, queued, acked

    var name: String {
        switch self {
        case .waitRepl: return "wait-repl"
        case .active: return "active"
        case .queued: return "queued"
        case .acked: return "acked"
        }
    }

    init?(name: [UInt8]) {
        switch String(decoding: name, as: UTF8.self).lowercased() {
        case "wait-repl": self = .waitRepl
        case "active": self = .active
        case "queued": self = .queued
        case "acked": self = .acked
        default: return nil
        }
    }
}

/// One job. A class: it sits at once in the job table, a queue and the
/// awake schedule, and all of them must see the same state.
/// Fields have the widths of Disque's job struct (32-bit expiry, delay and
/// retry, 16-bit counters): ADDJOB accepts 64-bit option values and the real
/// server keeps their low bits, which SHOW then reports, so this node does too.
final class Job {
    let id: [UInt8]
    let queue: [UInt8]
    let body: [UInt8]
    let repl: Int64
    /// Creation time in ms × 1_000_000, bumped to stay unique: queues sort by it.
    let ctime: Int64
    /// Expiry, Unix seconds.
    var etime: UInt32
    /// DELAY seconds.
    let delay: UInt32
    /// RETRY seconds; 0 = at most once.
    let retry: UInt32
    var state: JobState = .waitRepl
    /// When the job is (re)queued next, ms since epoch; 0 = never again.
    var qtime: Int64 = 0
    /// When the scheduler looks at this job next, ms; 0 = not scheduled.
    var awakeme: Int64 = 0
    /// Wrap at 65536 like the server's uint16_t counters.
    var nacks: UInt16 = 0
    var additionalDeliveries: UInt16 = 0
    /// Handed to a consumer at least once (at-most-once jobs never requeue after).
    var delivered = false
    /// Queued once already: later enqueues count as additional deliveries.
    var queuedBefore = false
    /// The server's JOB_FLAG_BCAST_WILLQUEUE: the next look comes 500 ms before the requeue.
    var willQueuePending = false
    /// RETRY in ms as the server computes `retry*1000`: in 32-bit unsigned
    /// arithmetic, so a RETRY above 4294967 seconds wraps around.
    var retryMilliseconds: Int64 { Int64(retry &* 1000) }
    /// Still in the job table (the schedule drops entries of removed jobs lazily).
    var registered = false
    /// Position in JSCAN's iteration order.
    var scanSequence: UInt64 = 0

    init(id: [UInt8], queue: [UInt8], body: [UInt8], repl: Int64, ctime: Int64, etime: UInt32,
         delay: UInt32, retry: UInt32) {
        self.id = id
        self.queue = queue
        self.body = body
        self.repl = repl
        self.ctime = ctime
        self.etime = etime
        self.delay = delay
        self.retry = retry
    }
}
