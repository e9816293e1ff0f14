import Foundation
import Glibc
import Synchronization
import Disque

/// A scripted TCP peer on 127.0.0.1 for what a real node will not do on
/// cue: close the link right after reading a command, never answer, or
/// answer garbage. Each connection is served on its own thread.
public final class FakeServer: @unchecked Sendable {
    public enum Action: Sendable {
        /// Write these bytes back.
        case reply([UInt8])
        /// Close the connection without answering.
        case close
        /// Keep the connection open and never answer.
        case ignore
    }

    /// `(connection number from 0, command words) -> what to do`.
    public typealias Script = @Sendable (Int, [String]) -> Action

    public let port: Int
    private let listener: Int32
    private let script: Script
    private let log = Mutex<[(connection: Int, command: [String])]>([])
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    public init(script: @escaping Script) throws {
        self.script = script
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        guard listener >= 0 else { throw TestFailure("socket() failed") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = LoopbackPorts.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { close(listener); throw TestFailure("bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in serve() }.start()
    }

    deinit { stop() }

    /// Every command received so far, with the connection it came on.
    public var received: [(connection: Int, command: [String])] { log.withLock { $0 } }

    public func stop() {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        finished.wait()
        close(listener)
    }

    public var options: DisqueConnectionOptions {
        DisqueConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: port), connectTimeout: .seconds(2),
                                readTimeout: .seconds(5), writeTimeout: .seconds(5))
    }

    /// Accepts connections and serves each on a thread of its own, numbered in
    /// accept order: a client that keeps one link idle while it opens another
    /// (a pool, a discovery link) must not wait for the first to close.
    private func serve() {
        var connection = 0
        let open = Mutex<[Int32]>([])  // connections left open on `.ignore`
        let serving = DispatchGroup()
        while !stopping.load(ordering: .relaxed) {
            guard waitReadable(listener) else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            let number = connection
            connection += 1
            serving.enter()
            Thread { [self] in
                if handle(client, number: number) { open.withLock { $0.append(client) } } else { close(client) }
                serving.leave()
            }.start()
        }
        serving.wait()
        for fd in open.withLock({ $0 }) { close(fd) }
        finished.signal()
    }

    /// Serves one connection; true when it must be left open.
    private func handle(_ client: Int32, number: Int) -> Bool {
        var decoder = RESPDecoder()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopping.load(ordering: .relaxed) {
            guard waitReadable(client) else { continue }
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { return false }
            decoder.feed(buffer[..<count])
            while let value = try? decoder.next() {
                let words = (value.array ?? []).map { $0.string ?? "" }
                log.withLock { $0.append((number, words)) }
                switch script(number, words) {
                case .reply(let bytes):
                    _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                case .close:
                    return false
                case .ignore:
                    return true
                }
            }
        }
        return false
    }

    /// Polls briefly so `stop()` is noticed.
    private func waitReadable(_ fd: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 20) > 0
    }
}
