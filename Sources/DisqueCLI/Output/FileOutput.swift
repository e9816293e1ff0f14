#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writes to a file descriptor with write(2): no stdio, no locks,
/// and the caller decides when bytes leave (scripting writes in big batches).
public final class FileOutput {
    public let fileDescriptor: Int32
    private var buffer: [UInt8] = []
    /// Bytes kept before a write is forced.
    private let capacity: Int

    public init(fileDescriptor: Int32, capacity: Int = 64 * 1024) {
        self.fileDescriptor = fileDescriptor
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    deinit { flush() }

    nonisolated(unsafe) public static let standardOutput = FileOutput(fileDescriptor: 1)
    nonisolated(unsafe) public static let standardError = FileOutput(fileDescriptor: 2, capacity: 0)

    /// Appends bytes; writes out once the buffer is full.
    public func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { flush() }
    }

    public func write(_ text: String) { write(Array(text.utf8)) }

    /// Appends through a closure that renders straight into the buffer.
    public func append(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= capacity { flush() }
    }

    /// Writes everything buffered. A closed pipe (EPIPE) discards the rest.
    public func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in
                Glibc.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if n > 0 {
                offset += n
            } else if n < 0, errno == EINTR {
                continue
            } else if n < 0, errno == EAGAIN {
                // Someone made the descriptor non-blocking: wait until it drains.
                var entry = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&entry, 1, -1)
            } else {
                break
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// One line on stderr, written at once.
func writeError(_ message: String) {
    var bytes = Array(message.utf8)
    if bytes.last != 10 { bytes.append(10) }
    FileOutput.standardError.write(bytes)
}
