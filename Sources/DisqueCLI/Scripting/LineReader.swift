#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor a chunk at a time and hands out complete lines,
/// so any amount of input streams through constant memory (a single line is
/// the only thing held whole).
struct LineReader {
    private let fileDescriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the next newline resumes: a long line arriving
    /// chunk by chunk is scanned once, not once per chunk.
    private var scanFrom = 0
    private(set) var reachedEnd = false
    private static let chunkSize = 64 * 1024

    init(fileDescriptor: Int32 = 0) {
        self.fileDescriptor = fileDescriptor
        buffer.reserveCapacity(Self.chunkSize * 2)
    }

    /// Reads the next chunk, blocking until some bytes or end of file arrive.
    /// Returns false at end of file (or on a read error).
    mutating func fill() -> Bool {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            scanFrom -= start
            start = 0
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.chunkSize))
        while true {
            let n = buffer.withUnsafeMutableBytes { raw in
                read(fileDescriptor, raw.baseAddress! + old, Self.chunkSize)
            }
            if n < 0, errno == EINTR { continue }
            buffer.removeLast(Self.chunkSize - max(n, 0))
            if n <= 0 { reachedEnd = true }
            return n > 0
        }
    }

    /// The next complete line without its "\n". After end of file, also the
    /// last line when it has no newline. Nil when more input is needed.
    mutating func nextLine() -> [UInt8]? {
        guard start < buffer.count else { return nil }
        if let newline = buffer[max(start, scanFrom)...].firstIndex(of: 10) {
            let line = Array(buffer[start..<newline])
            start = newline + 1
            scanFrom = start
            return line
        }
        scanFrom = buffer.count
        guard reachedEnd else { return nil }
        let line = Array(buffer[start...])
        start = buffer.count
        scanFrom = start
        return line
    }
}
