import Glibc

/// The system's clocks. The node reads time through `MiniDisqueClock` (which
/// may be virtual); these are its wall-clock source and the real-time needs
/// that must not stand still with a manual clock (command timing, accept backoff).
enum Clock {
    /// Milliseconds since the epoch.
    static func milliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Monotonic milliseconds, for real-time waits such as the accept backoff.
    static func monotonicMilliseconds() -> Int64 { monotonicMicroseconds() / 1000 }

    /// Monotonic microseconds, for timing commands (INFO commandstats).
    static func monotonicMicroseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    /// Seconds and microseconds since the epoch (TIME, MONITOR).
    static func secondsAndMicroseconds() -> (Int64, Int64) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Int64(ts.tv_sec), Int64(ts.tv_nsec) / 1000)
    }
}

/// A fast, non-cryptographic generator (SplitMix64) seeded from the system.
/// Job IDs only need to be unique, and the system generator costs a syscall
/// per call, which shows at 100k ADDJOB/s.
struct FastRandom {
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in -(ms/2) ..< ms/2, like Disque's randomTimeError(): spreads
    /// requeue times a little, as the real server does.
    mutating func timeError(_ milliseconds: Int64) -> Int64 {
        Int64(next() % UInt64(milliseconds)) - milliseconds / 2
    }
}

/// Random lowercase hex, for node and run IDs.
func randomHex(count: Int) -> String {
    var system = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(count)
    for _ in 0..<count { out.append(digits[Int(system.next() & 15)]) }
    return String(decoding: out, as: UTF8.self)
}
