import DisqueTestSupport
import Glibc
import Testing
@testable import Disque

@Suite("Connect timeout")
struct DisqueConnectTimeoutTests {
    @Test("a listener that never completes the handshake makes connect time out")
    func connectTimesOut() throws {
        // A listener with a backlog of 0 that never accepts: once its queue
        // is full the kernel drops further SYNs, so a connect hangs.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = LoopbackPorts.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(bound == 0 && listen(listener, 0) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        var options = DisqueConnectionOptions(endpoint: .tcp(host: "127.0.0.1", port: port))
        options.connectTimeout = .milliseconds(200)
        var held: [DisqueConnection] = []
        var failure: DisqueError?
        var elapsed = Duration.zero
        for _ in 0..<8 where failure == nil {
            let (result, time) = measure { Result { () throws(DisqueError) in try DisqueConnection(options: options) } }
            switch result {
            case .success(let connection): held.append(connection)
            case .failure(let error): failure = error; elapsed = time
            }
        }
        let error = try #require(failure)
        #expect(error.connectionFailure?.kind == .timedOut)
        #expect(error.description.contains("timed out"))
        #expect(elapsed >= .milliseconds(190) && elapsed < .seconds(2))
    }
}
