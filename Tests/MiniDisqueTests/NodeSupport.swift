import DisqueTestSupport
import Foundation
import Glibc
import MiniDisque

/// The node suites here speak raw RESP: the shared raw client, under the name they use.
typealias TestClient = RawClient

/// Runs `body` against a fresh node — MiniDisque, or the real server when
/// DISQUE_SERVER is set — stopped afterwards, even when `body` throws.
func withServer<T>(password: String? = nil, unixSocket: Bool = false, _ body: (TestNode) throws -> T) throws -> T {
    let node = try TestNode(password: password, unixSocket: unixSocket)
    defer { node.stop() }
    return try body(node)
}

/// Milliseconds on a monotonic clock, for timing checks.
func monotonicMilliseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

/// Polls `condition` every 10 ms for up to `timeoutMs`.
func eventually(timeoutMs: Int, _ condition: () throws -> Bool) -> Bool {
    eventually(timeout: .milliseconds(timeoutMs), condition)
}

/// Runs `body` against a fresh node and a way to let time pass on it: on
/// MiniDisque a manual clock (starting at the wall-clock time) that jumps
/// ahead at once; on the real server, real time, since it has no other.
func withTimedServer<T>(_ body: (TestNode, _ passTime: (Duration) -> Void) throws -> T) throws -> T {
    if TestNode.isReal {
        return try withServer { node in
            try body(node) { duration in
                // The real server's timers need the time to pass for real.
                Thread.sleep(forTimeInterval: Double(duration.components.seconds)
                             + Double(duration.components.attoseconds) / 1e18)
            }
        }
    }
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    let clock = MiniDisqueClock(manual: Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000)
    let node = try TestNode(backend: .miniDisque) { $0.clock = clock }
    defer { node.stop() }
    return try body(node) { duration in
        clock.advance(by: duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
