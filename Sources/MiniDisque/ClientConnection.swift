import RESP

/// What a GETJOB client blocked on a queue is waiting for.
struct BlockedGetJob {
    var queues: [[UInt8]]
    /// Absolute deadline in ms, 0 = wait forever (TIMEOUT 0). Like the real
    /// server's `timeout + mstime()` it wraps for a huge TIMEOUT, which makes it
    /// negative, i.e. already past.
    var deadline: Int64
    var withCounters: Bool
    /// Tells this block apart from earlier ones of the same client (`BlockedDeadlines`).
    var token: UInt64
}

/// Clients that have replies waiting to be written. Shared by all clients of
/// one loop so a reply added for a blocked client (served by someone else's
/// ADDJOB) gets flushed in the same loop turn.
final class PendingWrites {
    var clients: [ClientConnection] = []
}

/// One connected client: its socket, unparsed input, unsent output and session
/// state (AUTH, blocking, MONITOR). Touched only by the loop thread.
final class ClientConnection {
    let id: Int64
    let fd: Int32
    /// "127.0.0.1:52345", or "/path:0" for the Unix socket (CLIENT LIST, MONITOR).
    let address: String
    let isUnixSocket: Bool
    let createdAt: Int64
    var lastInteraction: Int64
    var name: [UInt8]?

    var input: [UInt8] = []
    var inputIndex = 0
    var parser = RequestParser()
    var output: [UInt8] = []
    var outputIndex = 0
    private let pending: PendingWrites
    var queuedForWrite = false
    /// Waiting for EPOLLOUT because the socket buffer filled up.
    var wantsWritable = false

    var authenticated: Bool
    var blocked: BlockedGetJob?
    var isMonitor = false
    /// QUIT or a protocol error: send what is queued, then close.
    var closeAfterReply = false
    /// CLIENT KILL: close at the end of this loop turn, sending nothing more.
    var closeASAP = false
    var closed = false
    var lastCommand = "NULL"

    init(id: Int64, fd: Int32, address: String, isUnixSocket: Bool, authenticated: Bool,
         now: Int64, pending: PendingWrites) {
        self.id = id
        self.fd = fd
        self.address = address
        self.isUnixSocket = isUnixSocket
        self.authenticated = authenticated
        self.createdAt = now
        self.lastInteraction = now
        self.pending = pending
    }

    var pendingInputCount: Int { input.count - inputIndex }
    var pendingOutputCount: Int { output.count - outputIndex }

    /// Drops consumed input so the buffer does not grow with a long pipeline.
    func compactInput() {
        if inputIndex == input.count {
            input.removeAll(keepingCapacity: true)
            inputIndex = 0
        } else if inputIndex > 0 && inputIndex * 2 > input.count {
            input.removeFirst(inputIndex)
            inputIndex = 0
        }
    }

    // MARK: - Replies (written straight into the output buffer: no RESPValue on the hot path)

    @inline(__always)
    private func willWrite() {
        if !queuedForWrite && !closed {
            queuedForWrite = true
            pending.clients.append(self)
        }
    }

    func addStatus(_ text: String) {
        willWrite()
        output.append(UInt8(ascii: "+"))
        output.append(contentsOf: text.utf8)
        output.append(13); output.append(10)
    }

    func addStatus(bytes: [UInt8]) {
        willWrite()
        output.append(UInt8(ascii: "+"))
        output.append(contentsOf: bytes)
        output.append(13); output.append(10)
    }

    /// `text` is the full error line without the '-', e.g. "ERR syntax error".
    func addError(_ text: String) {
        willWrite()
        output.append(UInt8(ascii: "-"))
        for byte in text.utf8 { output.append(byte == 13 || byte == 10 ? 32 : byte) }
        output.append(13); output.append(10)
    }

    /// An error quoting client bytes as the real server's `'%s'` does: raw
    /// bytes (not UTF-8 repaired), cut at the first NUL, CR and LF as spaces.
    func addError(_ prefix: String, quoting bytes: [UInt8], _ suffix: String) {
        willWrite()
        output.append(UInt8(ascii: "-"))
        for byte in prefix.utf8 { output.append(byte == 13 || byte == 10 ? 32 : byte) }
        for byte in bytes {
            if byte == 0 { break }
            output.append(byte == 13 || byte == 10 ? 32 : byte)
        }
        for byte in suffix.utf8 { output.append(byte == 13 || byte == 10 ? 32 : byte) }
        output.append(13); output.append(10)
    }

    func addInteger(_ value: Int64) {
        willWrite()
        RESPEncoder.appendHeader(UInt8(ascii: ":"), value, into: &output)
    }

    func addInteger(_ value: Int) { addInteger(Int64(value)) }

    func addBulk(_ bytes: [UInt8]) {
        willWrite()
        RESPEncoder.appendHeader(UInt8(ascii: "$"), Int64(bytes.count), into: &output)
        output.append(contentsOf: bytes)
        output.append(13); output.append(10)
    }

    func addBulk(_ text: String) { addBulk(Array(text.utf8)) }

    /// An integer sent as a bulk string (cursors, HELLO ports, TIME).
    func addBulk(integer: Int64) { addBulk(String(integer)) }

    func addArrayHeader(_ count: Int) {
        willWrite()
        RESPEncoder.appendHeader(UInt8(ascii: "*"), Int64(count), into: &output)
    }

    func addNullBulk() {
        willWrite()
        output.append(contentsOf: [UInt8(ascii: "$"), UInt8(ascii: "-"), UInt8(ascii: "1"), 13, 10])
    }

    func addNullArray() {
        willWrite()
        output.append(contentsOf: [UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "1"), 13, 10])
    }

    func addOK() { addStatus("OK") }

    func addSyntaxError() { addError("ERR syntax error") }

    func add(_ value: RESPValue) {
        willWrite()
        RESPEncoder.encode(value, into: &output)
    }
}
