#if canImport(Glibc)
import Glibc
#endif

/// Time that only moves forward (CLOCK_MONOTONIC).
enum MonotonicClock {
    static func microseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
    }

    static func seconds() -> Double { Double(microseconds()) / 1e6 }

    /// Sleeps that long, resuming after signals (`-i`, the live view, latency samples).
    static func sleep(seconds: Double) {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1, errno == EINTR { request = remaining }
    }
}

/// Wall-clock time as text, for separators and the live view's lines.
enum WallClock {
    /// "2026-12-01 19:30:05" in local time.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S", &parts)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
