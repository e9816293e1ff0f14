import Disque
import Foundation
import DisqueNIO
import DisqueTestSupport
import Logging
import Testing

/// Runs `body` with a DisqueClient whose `run()` goes on beside it, as an
/// application would, and stops the client when `body` is done.
func withClient<T: Sendable>(_ endpoints: [DisqueEndpoint], password: String? = nil,
                             configure: (inout DisqueClientConfiguration) -> Void = { _ in },
                             _ body: @Sendable (DisqueClient) async throws -> T) async throws -> T {
    var configuration = DisqueClientConfiguration(password: password, readTimeout: .seconds(10), helloRefresh: nil)
    configure(&configuration)
    var logger = Logger(label: "disque-nio-tests")
    // DISQUE_NIO_TEST_LOG=debug shows what the client does.
    logger.logLevel = ProcessInfo.processInfo.environment["DISQUE_NIO_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
    let client = DisqueClient(nodes: endpoints, configuration: configuration, logger: logger)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await client.run(); return nil }
        defer { group.cancelAll() }
        return try await body(client)
    }
}

func withClient<T: Sendable>(_ node: TestNode, configure: (inout DisqueClientConfiguration) -> Void = { _ in },
                             _ body: @Sendable (DisqueClient) async throws -> T) async throws -> T {
    try await withClient([node.endpoint], password: node.password, configure: configure, body)
}

/// Polls `condition` until it holds, failing the test after `timeout`:
/// the async tests' way to wait for something to happen, never a bare sleep.
func waitFor(_ what: @autoclosure () -> String, timeout: Duration = .seconds(10),
             _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    var lastError: (any Error)?
    while ContinuousClock.now < deadline {
        do {
            if try await condition() { return }
        } catch {
            lastError = error
        }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw TestFailure("timed out after \(timeout): \(what())" + (lastError.map { " (last error: \($0))" } ?? ""))
}

/// A queue name no other test uses.
func uniqueQueue(_ prefix: String) -> String { "\(prefix)-\(UInt32.random(in: 0...UInt32.max))" }

extension DisqueClient {
    /// Blocking links open now, on every node.
    var blockingConnections: Int { openConnections.values.reduce(0) { $0 + $1.blocking } }
    var sharedConnections: Int { openConnections.values.reduce(0) { $0 + $1.shared } }
}
