/// Everything a Disque call can fail with. Connection trouble, a server's
/// error reply and a malformed reply are kept apart: a caller retries the
/// first, reports the second and drops the link on the third.
public enum DisqueError: Error, Sendable, CustomStringConvertible {
    /// The link could not be made, broke, or timed out.
    case connection(ConnectionFailure)
    /// The server answered with an error line: `code` is its first word
    /// (ERR, NOREPL, LEAVING, BADID, PAUSED, NOAUTH…), `message` the rest.
    case reply(code: String, message: String)
    /// The reply was not valid RESP, or not the shape the typed API expects.
    case `protocol`(String)
    /// `interruptDescriptor` became readable while waiting; the link was dropped.
    case interrupted
    /// The arguments do not fit the command's grammar; nothing was sent.
    case validation(CommandValidationError)
    /// The link broke, or the reply did not come within the read timeout,
    /// after the command was written, and the command is not safe to repeat
    /// (ADDJOB, GETJOB, NACK…): it may or may not have run on the server, so
    /// it was deliberately not re-sent.
    case notSentMayHaveReachedServer(command: String, reason: ConnectionFailure)

    /// An error reply split into its code and message.
    public static func reply(errorLine line: String) -> DisqueError {
        guard let space = line.firstIndex(of: " ") else { return .reply(code: line, message: "") }
        return .reply(code: String(line[..<space]), message: String(line[line.index(after: space)...]))
    }

    /// The server's error code for a `.reply`, nil otherwise.
    public var replyCode: String? {
        if case .reply(let code, _) = self { return code }
        return nil
    }

    /// The connection failure behind a `.connection` or `.notSentMayHaveReachedServer`.
    public var connectionFailure: ConnectionFailure? {
        switch self {
        case .connection(let failure), .notSentMayHaveReachedServer(_, let failure): return failure
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .connection(let failure):
            return failure.message
        case .reply(let code, let message):
            return message.isEmpty ? code : "\(code) \(message)"
        case .protocol(let message):
            return "Protocol error: \(message)"
        case .interrupted:
            return "Interrupted; the connection was closed"
        case .validation(let error):
            return error.description
        case .notSentMayHaveReachedServer(let command, let reason):
            let what = reason.kind == .timedOut ? "no reply in time" : "connection lost"
            return "\(what) after \(command) was sent; it may or may not have been executed"
                + " — not re-sent (\(reason.message))"
        }
    }
}

/// Why the link to a node failed.
public struct ConnectionFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Nothing listens there (ECONNREFUSED, or no such Unix socket).
        case refused
        /// The host name did not resolve.
        case unresolved
        /// Connecting, reading or writing took longer than allowed.
        case timedOut
        /// The server closed the link or it was reset.
        case lost
        /// The connection was closed on our side and may not reconnect.
        case notConnected
        /// Any other socket error (unreachable network, permission…).
        case failed
    }

    public var kind: Kind
    /// A complete sentence for people: says where and what happened.
    public var message: String
    /// The errno behind it, when there is one.
    public var errno: Int32?

    public init(_ kind: Kind, _ message: String, errno: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.errno = errno
    }

    public var description: String { message }
}
