import DisqueTestSupport
import Glibc

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
