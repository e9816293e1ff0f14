/// How long a client waits for a command's reply: the one rule both the
/// blocking connection and DisqueNIO apply, worked out once per command by
/// `ResolvedCommand`.
public enum ReplyWait: Sendable, Hashable {
    /// The read timeout.
    case standard
    /// The read timeout plus the time the server may hold the reply on
    /// purpose (ADDJOB's replication timeout, GETJOB's TIMEOUT).
    case extended(by: Duration)
    /// No limit: GETJOB without TIMEOUT, MONITOR, DEBUG SLEEP.
    case forever

    /// How late a server may answer a timed wait: Disque checks blocked
    /// clients' timeouts ten times a second, so a GETJOB TIMEOUT ends up to
    /// 100 ms after it was due (more on a busy host).
    public static let serverLateness: Duration = .milliseconds(250)

    /// The whole wait for a read timeout of `readTimeout` (nil: none); nil means no limit.
    public func limit(readTimeout: Duration?) -> Duration? {
        switch self {
        case .standard: return readTimeout
        case .extended(let extra): return readTimeout.map { $0 + extra + Self.serverLateness }
        case .forever: return nil
        }
    }
}
