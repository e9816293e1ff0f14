import Synchronization

/// The time a MiniDisque node runs on: job ctime, TTL, RETRY requeues, DELAY,
/// GETJOB TIMEOUT, QSTAT ages, INFO uptime, TIME and MONITOR all read it.
///
/// `MiniDisqueClock.system` is the wall clock (Unix-epoch milliseconds, as the
/// real server uses). A manual clock stands still until `advance(by:)`, so a
/// test of RETRY or TTL runs in virtual time instead of sleeping: advancing
/// wakes every node using the clock, which fires whatever became due at once
/// (the test then polls for the effect, e.g. QLEN). Share one manual clock
/// between nodes only if they should see the same time.
public final class MiniDisqueClock: Sendable {
    /// The wall clock. Reading it costs one vDSO clock_gettime.
    public static let system = MiniDisqueClock(isManual: false, start: 0)

    /// True for a clock made with `init(manual:)`.
    public let isManual: Bool
    private let manualNow: Atomic<Int64>
    /// The running nodes to wake when virtual time moves, by registration token.
    private let wakers = Mutex<(nextToken: UInt64, wake: [UInt64: @Sendable () -> Void])>((1, [:]))

    /// A clock that reads `startMilliseconds` (since the Unix epoch) until advanced.
    /// Start near the real time (e.g. 1_700_000_000_000) if SHOW output should look
    /// ordinary: job expiry is kept in 32-bit Unix seconds, as on the real server.
    public convenience init(manual startMilliseconds: Int64) {
        self.init(isManual: true, start: startMilliseconds)
    }

    private init(isManual: Bool, start: Int64) {
        self.isManual = isManual
        manualNow = Atomic(start)
    }

    /// Milliseconds since the Unix epoch.
    public var milliseconds: Int64 {
        isManual ? manualNow.load(ordering: .sequentiallyConsistent) : Clock.milliseconds()
    }

    /// Moves a manual clock by `milliseconds` (saturating; negative moves it back,
    /// as a wall clock can jump) and wakes the nodes using it. No effect on `system`.
    public func advance(by milliseconds: Int64) {
        guard isManual else { return }
        var current = manualNow.load(ordering: .sequentiallyConsistent)
        while true {
            let (sum, overflow) = current.addingReportingOverflow(milliseconds)
            let next = overflow ? (milliseconds > 0 ? Int64.max : Int64.min) : sum
            let (exchanged, original) = manualNow.compareExchange(
                expected: current, desired: next, ordering: .sequentiallyConsistent)
            if exchanged { break }
            current = original
        }
        // Called outside the lock: a waker takes its server's own lock.
        for wake in wakers.withLock({ Array($0.wake.values) }) { wake() }
    }

    /// Seconds and microseconds since the epoch (TIME, MONITOR).
    var secondsAndMicroseconds: (Int64, Int64) {
        guard isManual else { return Clock.secondsAndMicroseconds() }
        let now = milliseconds
        let remainder = now % 1000 // floor division, without overflow near Int64.min
        return remainder < 0 ? (now / 1000 - 1, (remainder + 1000) * 1000) : (now / 1000, remainder * 1000)
    }

    /// Registers a node's wake-up; the token undoes it. The system clock never
    /// needs to wake anyone (its time moves by itself), so it keeps nothing.
    func addWaker(_ wake: @escaping @Sendable () -> Void) -> UInt64? {
        guard isManual else { return nil }
        return wakers.withLock { state in
            let token = state.nextToken
            state.nextToken += 1
            state.wake[token] = wake
            return token
        }
    }

    func removeWaker(_ token: UInt64?) {
        guard let token else { return }
        _ = wakers.withLock { $0.wake.removeValue(forKey: token) }
    }
}
