/// One RESP2 reply, as Disque sends it.
///
/// Bulk strings are raw bytes: job bodies are binary-safe, so nothing here
/// assumes UTF-8. Status and error lines are text by protocol (no CR or LF).
public enum RESPValue: Hashable, Sendable {
    /// `+OK`: a status line. Disque answers ADDJOB's job ID this way.
    case status(String)
    /// `-ERR …`: an error line; the first word is the error code.
    case error(String)
    /// `:42`
    case integer(Int64)
    /// `$3\r\nabc`: binary-safe bytes.
    case bulk([UInt8])
    /// `$-1`: e.g. SHOW of an unknown job.
    case nullBulk
    /// `*2\r\n…`
    case array([RESPValue])
    /// `*-1`: e.g. GETJOB that timed out.
    case nullArray
}

extension RESPValue {
    /// A bulk string from text.
    public static func bulk(_ text: String) -> RESPValue { .bulk(Array(text.utf8)) }

    /// The text of a status, error or bulk reply (bulk decoded as UTF-8, with
    /// invalid bytes repaired). Nil for other kinds.
    public var string: String? {
        switch self {
        case .status(let s), .error(let s): return s
        case .bulk(let b): return String(decoding: b, as: UTF8.self)
        default: return nil
        }
    }

    /// The bytes of a bulk, status or error reply.
    public var bytes: [UInt8]? {
        switch self {
        case .bulk(let b): return b
        case .status(let s), .error(let s): return Array(s.utf8)
        default: return nil
        }
    }

    /// An integer reply, or a bulk/status that holds a decimal integer
    /// (Disque sends HELLO ports and TIME as bulk strings).
    public var int: Int64? {
        switch self {
        case .integer(let i): return i
        case .bulk, .status: return string.flatMap { Int64($0) }
        default: return nil
        }
    }

    /// The elements of an array reply; nil for anything else (null array included).
    public var array: [RESPValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// True for `$-1` and `*-1`.
    public var isNull: Bool {
        switch self {
        case .nullBulk, .nullArray: return true
        default: return false
        }
    }

    /// True for an error reply.
    public var isError: Bool {
        if case .error = self { return true }
        return false
    }
}
