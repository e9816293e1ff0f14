import Foundation

/// The one error type of the test support: what went wrong, in words, with
/// the node's log tail appended where a node was involved.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeout` passes — the tests'
/// replacement for sleeping: it returns as soon as the condition is true.
/// Errors thrown by `condition` count as "not yet".
@discardableResult
public func eventually(timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(10),
                       _ condition: () throws -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if (try? condition()) == true { return true }
        if ContinuousClock.now >= deadline { return false }
        Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18
                     + Double(interval.components.seconds))
    }
}

/// Like `eventually`, but throws `message` (and the last error seen) when the
/// condition never held.
public func waitUntil(_ message: @autoclosure () -> String, timeout: Duration = .seconds(10),
                      _ condition: () throws -> Bool) throws {
    var lastError: Error?
    let held = eventually(timeout: timeout) {
        do { return try condition() } catch { lastError = error; throw error }
    }
    guard held else {
        throw TestFailure("timed out after \(timeout): \(message())" + (lastError.map { " (last error: \($0))" } ?? ""))
    }
}

/// Runs blocking work on its own thread (never on the test's cooperative
/// pool) and hands the result back.
public final class Background<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, Error>?

    public init(_ body: @escaping @Sendable () throws -> T) {
        let thread = Thread { [self] in
            result = Result { try body() }
            done.signal()
        }
        thread.start()
    }

    /// The result, or nil if the work did not finish within `timeout`.
    public func wait(timeout: Duration = .seconds(10)) -> Result<T, Error>? {
        let milliseconds = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard done.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else { return nil }
        return result
    }
}

/// How long `body` took.
public func measure<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    return (value, clock.now - start)
}
